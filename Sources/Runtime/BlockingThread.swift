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
    /// the work runs on a serial dispatch queue of its own, not on Swift's
    /// cooperative pool, so a pool whose few threads are busy (or blocked)
    /// cannot stall it.
    public static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        let executor = SerialQueueExecutor(DispatchQueue(label: "booknow.blocking-wait"))
        Task(executorPreference: executor) {
            box.value = await work()
            semaphore.signal()
        }
        semaphore.wait()
        guard let value = box.value else { preconditionFailure("async work finished without a value") }
        return value
    }
}

/// A task executor that runs a task's jobs one at a time on a dispatch queue.
/// `@unchecked Sendable`: its only state is the queue, which is thread-safe.
private final class SerialQueueExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(_ queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Carries a result from a task to the waiting thread.
/// `@unchecked Sendable`: written once by the task before `signal()`, read after `wait()`.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
