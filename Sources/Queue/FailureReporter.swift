import Foundation
import Synchronization

/// Reports the failures of the worker's parts without flooding the log when
/// the database is down: a part's first failure at once, then at most one
/// report per `interval` carrying how many went unreported, and one report
/// when the part works again. Time comes from the worker's injected clock.
final class FailureReporter: Sendable {
    private struct Part {
        var failures = 0
        var suppressed = 0
        var lastReport: Date?
    }

    private let parts = Mutex<[QueuePart: Part]>([:])
    private let interval: TimeInterval
    private let clock: any QueueClock
    private let emit: @Sendable (QueueEvent) -> Void

    init(interval: Duration, clock: any QueueClock, emit: @escaping @Sendable (QueueEvent) -> Void) {
        self.interval = seconds(interval)
        self.clock = clock
        self.emit = emit
    }

    /// Records a failure of `part` and reports it unless one was reported within the interval.
    func failed(_ part: QueuePart, _ error: any Error) {
        let now = clock.now()
        let report = parts.withLock { parts -> Int? in
            var entry = parts[part, default: Part()]
            entry.failures += 1
            defer { parts[part] = entry }
            if let last = entry.lastReport, now.timeIntervalSince(last) < interval {
                entry.suppressed += 1
                return nil
            }
            let suppressed = entry.suppressed
            entry.suppressed = 0
            entry.lastReport = now
            return suppressed
        }
        if let suppressed = report { emit(.failure(part, String(describing: error), suppressed: suppressed)) }
    }

    /// Records a success of `part`; reports the recovery when it had been failing.
    func succeeded(_ part: QueuePart) {
        let failures = parts.withLock { parts -> Int in
            guard let entry = parts[part], entry.failures > 0 else { return 0 }
            parts[part] = nil
            return entry.failures
        }
        if failures > 0 { emit(.recovered(part, failures: failures)) }
    }
}
