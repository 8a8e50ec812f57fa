import Bootstrap
import Foundation
import Postgres
import Runtime
import Synchronization

/// Keeps the Swift clock's offset equal to the database's test offset, so a
/// test that moves `booknow_now()` moves the daemon's "now" too. Polls once a
/// second; with no test offset this is one cheap query.
///
/// One dedicated thread for the daemon's life (libpq blocks, so it never runs
/// on Swift's cooperative pool), woken early only to stop.
final class ClockSynchronizer: Service, @unchecked Sendable {
    // @unchecked Sendable: `stopping` is the only mutable state and sits in a
    // Mutex; the semaphore and the rest are thread-safe or immutable.
    let name = "clock"
    private let pool: ConnectionPool
    private let clock: SystemClock
    private let logger: Logger
    private let stopping = Mutex(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(pool: ConnectionPool, clock: SystemClock, logger: Logger) {
        self.pool = pool
        self.clock = clock
        self.logger = logger
    }

    func start() async throws {
        let thread = Thread { [self] in run() }
        thread.name = "clock-sync"
        thread.start()
    }

    func stop() async throws {
        stopping.withLock { $0 = true }
        wake.signal()
        let finished = self.finished
        _ = try await BlockingThread.run("clock-stop") { finished.wait(timeout: .now() + 5) }
    }

    private func run() {
        defer { finished.signal() }
        while !stopping.withLock({ $0 }) {
            do {
                try pool.withConnection { try DatabaseClock.synchronize(clock, connection: $0) }
            } catch let error as RuntimeError {
                logger.error("clock offset refused", ["error": LogValue(error.description)])
            } catch {
                logger.warning("clock offset not read", ["error": .describing(String(describing: error))])
            }
            _ = wake.wait(timeout: .now() + 1)
        }
    }
}
