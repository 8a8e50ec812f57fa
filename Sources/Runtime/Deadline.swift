import Synchronization

/// Runs an async operation but stops waiting for it after a timeout.
///
/// A task group would wait for a child that ignores cancellation, which is
/// exactly the stuck service a shutdown timeout exists for; so the
/// operation runs in an unstructured task and the first of "finished" and
/// "timer fired" resumes the caller. A timed-out operation is cancelled and
/// left behind; the process is about to exit anyway.
enum Deadline {
    enum Outcome: Sendable {
        case finished
        case failed(String)
        case timedOut
    }

    static func run(within timeout: Duration, _ operation: @escaping @Sendable () async throws -> Void) async -> Outcome {
        await withCheckedContinuation { continuation in
            let once = Once(continuation)
            let work = Task {
                do {
                    try await operation()
                    once.resume(.finished)
                } catch {
                    once.resume(.failed(String(describing: error)))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.resume(.timedOut) { work.cancel() }
            }
        }
    }

    /// Resumes a continuation at most once, from whichever side gets there first.
    private final class Once: Sendable {
        private let continuation: Mutex<CheckedContinuation<Outcome, Never>?>

        init(_ continuation: CheckedContinuation<Outcome, Never>) {
            self.continuation = Mutex(continuation)
        }

        @discardableResult
        func resume(_ outcome: Outcome) -> Bool {
            guard let continuation = continuation.withLock({ $0.take() }) else { return false }
            continuation.resume(returning: outcome)
            return true
        }
    }
}
