import Foundation
public import Postgres
public import Runtime

/// Turns the `[database]` section into a connection configuration, the same
/// way for the daemon and for the operator's tool.
extension ConnectionConfiguration {
    /// - Throws: `PostgresError.badConnectionString` for an unusable URL.
    public init(config: Config, applicationName: String) throws {
        func milliseconds(_ duration: Duration) -> Int {
            Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        try self.init(
            config.string("database.url"),
            password: config.secret("database.password_file")?.reveal(),
            applicationName: applicationName,
            connectTimeoutSeconds: max(1, Int(config.duration("database.connect_timeout").components.seconds)),
            statementTimeoutMilliseconds: milliseconds(config.duration("database.statement_timeout")),
            idleInTransactionTimeoutMilliseconds: milliseconds(config.duration("database.idle_in_transaction_timeout")))
    }
}

extension ConnectionPool {
    /// The pool sized and timed by `[database]`; `sizeKey` names another size
    /// (`worker.pool_size` for the notification worker's own pool).
    public convenience init(config: Config, applicationName: String, sizeKey: String = "database.pool_size") throws {
        self.init(
            configuration: try ConnectionConfiguration(config: config, applicationName: applicationName),
            maxConnections: config.int(sizeKey),
            waitTimeout: config.duration("database.pool_wait_timeout"))
    }
}
