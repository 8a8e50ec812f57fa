import Foundation

/// A bounded pool of connections shared by many threads.
///
/// Callers block (they run on dedicated threads, never the cooperative pool)
/// until a connection is free, up to `waitTimeout`. Connections are opened
/// lazily, checked on checkout with a `poll(2)` for a server that went away,
/// and replaced when broken, so a PostgreSQL restart heals without restarting
/// the daemon: the first statement after it gets a fresh session.
///
/// `@unchecked Sendable`: all mutable state (`idle`, `open`, `closed`,
/// `waiting`) is read and written only while holding `condition`'s lock.
public final class ConnectionPool: @unchecked Sendable {
    public let configuration: ConnectionConfiguration
    public let maxConnections: Int
    public let waitTimeout: Duration

    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var open = 0
    private var waiting = 0
    private var closed = false

    public init(configuration: ConnectionConfiguration, maxConnections: Int, waitTimeout: Duration = .seconds(5)) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.waitTimeout = waitTimeout
    }

    /// Lends a connection to `body`, exclusively, and takes it back afterwards.
    /// - Throws: `poolTimeout` when none frees up in time, `connectFailed`, or what `body` throws.
    @discardableResult
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Runs `body` in one transaction on a pooled connection.
    @discardableResult
    public func withTransaction<T>(isolation: IsolationLevel = .readCommitted, _ body: (Connection) throws -> T) throws -> T {
        try withConnection { try $0.withTransaction(isolation: isolation, body) }
    }

    /// One round trip (`SELECT 1`): true when the database answers.
    public func isHealthy() -> Bool {
        (try? withConnection { try $0.query("SELECT 1") }) != nil
    }

    /// Counts for metrics: connections open, idle and threads waiting for one.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (open, idle.count, waiting)
    }

    /// Closes idle connections and refuses new checkouts; lent ones close on return.
    public func close() {
        condition.lock()
        closed = true
        let dropped = idle
        idle.removeAll()
        open -= dropped.count
        condition.broadcast()
        condition.unlock()
        // The dropped connections are finished (PQfinish) as the array goes, outside the lock.
        withExtendedLifetime(dropped) {}
    }

    private func checkOut() throws -> Connection {
        let deadline = Date.now.addingTimeInterval(Double(waitTimeout.components.seconds) + Double(waitTimeout.components.attoseconds) / 1e18)
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw PostgresError(.poolClosed, "the connection pool for \(configuration.target) is closed")
            }
            if let connection = idle.popLast() {
                if connection.looksDeadWhileIdle() {
                    open -= 1
                    continue
                }
                condition.unlock()
                return connection
            }
            if open < maxConnections {
                open += 1
                condition.unlock()
                do {
                    return try Connection(configuration)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            waiting += 1
            let signalled = condition.wait(until: deadline)
            waiting -= 1
            if !signalled && Date.now >= deadline {
                condition.unlock()
                throw PostgresError(.poolTimeout, "no connection to \(configuration.target) free within \(waitTimeout) (pool size \(maxConnections))")
            }
        }
    }

    private func checkIn(_ connection: Connection) {
        // A borrower that left a transaction open must not hand it to the next one.
        connection.commitActions = []
        if !connection.isBroken, connection.isInTransaction, (try? connection.execute("ROLLBACK")) == nil {
            connection.isBroken = true
        }
        condition.lock()
        if connection.isBroken || closed {
            open -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }
}
