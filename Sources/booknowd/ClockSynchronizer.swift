import Bootstrap
import Postgres
import Runtime
import Synchronization

/// Keeps the Swift clock's offset equal to the database's test offset, so a
/// test that moves `booknow_now()` moves the daemon's "now" too. Polls once a
/// second; with no test offset this is one cheap query.
final class ClockSynchronizer: Service {
    let name = "clock"
    private let pool: ConnectionPool
    private let clock: SystemClock
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(pool: ConnectionPool, clock: SystemClock, logger: Logger) {
        self.pool = pool
        self.clock = clock
        self.logger = logger
    }

    func start() async throws {
        let pool = self.pool, clock = self.clock, logger = self.logger
        let loop = Task {
            while !Task.isCancelled {
                do {
                    try await BlockingThread.run("clock-sync") {
                        try pool.withConnection { try DatabaseClock.synchronize(clock, connection: $0) }
                    }
                } catch let error as RuntimeError {
                    logger.error("clock offset refused", ["error": LogValue(error.description)])
                } catch {
                    logger.warning("clock offset not read", ["error": .describing(String(describing: error))])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        task.withLock { $0 = loop }
    }

    func stop() async throws {
        task.withLock { $0?.cancel() }
    }
}
