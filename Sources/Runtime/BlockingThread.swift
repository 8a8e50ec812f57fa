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
