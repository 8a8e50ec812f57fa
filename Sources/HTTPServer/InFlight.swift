internal import Foundation

/// Counts requests between their first byte of handling and their last byte
/// sent, so a graceful stop can wait for them.
///
/// Pool threads call `enter`/`leave`; the stopping thread waits on the condition.
final class InFlight: Sendable {
    // NSCondition is itself thread-safe; `count` is only touched while it is locked.
    private let condition = NSCondition()
    nonisolated(unsafe) private var count = 0

    func enter() {
        condition.lock()
        count += 1
        condition.unlock()
    }

    func leave() {
        condition.lock()
        count -= 1
        if count == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until no request is in flight or `timeout` passes; true when drained.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while count > 0 {
            if !condition.wait(until: deadline) { return count == 0 }
        }
        return true
    }
}
