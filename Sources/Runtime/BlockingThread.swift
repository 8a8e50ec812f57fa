import Foundation

/// Runs blocking work (libpq, libcurl, a server's stop) on a dedicated thread
/// and suspends the caller until it finishes, so Swift's cooperative pool
/// (two threads on a two-core host) is never held by a blocking C call.
public enum BlockingThread {
    public static func run<T: Sendable>(_ name: String = "booknow-blocking", _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}

extension BlockingThread {
    /// Waits, on the calling dedicated thread, for async work to finish.
    ///
    /// For code that already runs on its own thread (a queue handler) and must
    /// call an async API (a transport): the thread blocks in a semaphore while
    /// the work runs on the cooperative pool. Never call it from the pool itself.
    public static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            box.value = await work()
            semaphore.signal()
        }
        semaphore.wait()
        guard let value = box.value else { preconditionFailure("async work finished without a value") }
        return value
    }
}

/// Carries a result from a task to the waiting thread.
/// `@unchecked Sendable`: written once by the task before `signal()`, read after `wait()`.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
