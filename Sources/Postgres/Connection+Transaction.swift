/// Transaction isolation levels, as PostgreSQL names them.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// Keep the body short: an open transaction holds a snapshot that slows the
    /// queue's claims cluster-wide.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, _ body: (Connection) throws -> T
    ) throws -> T {
        try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        do {
            let value = try body(self)
            try execute("COMMIT")
            let actions = commitActions
            commitActions = []
            for action in actions { action() }
            return value
        } catch {
            commitActions = []
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `action` once the transaction open on this connection (`withTransaction`)
    /// commits, or at once when none is open; a rollback drops it.
    ///
    /// For what must follow the data and never outlive it: an observer of work
    /// that counts only what committed (the tests' outbox). It runs on the
    /// committing thread, after `COMMIT` returned, and must not use the connection.
    public func afterCommit(_ action: @escaping () -> Void) {
        if isInTransaction { commitActions.append(action) } else { action() }
    }
}
