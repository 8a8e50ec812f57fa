/// The one error type of the Postgres module.
///
/// `code` is stable and meant for programs; `description` is for people and
/// never contains a password or a full connection string: a failed connect names
/// only host, port and database.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; stable across releases.
    public enum Code: String, Sendable {
        /// The connection could not be established.
        case connectFailed = "connect_failed"
        /// The server answered and refused the connection: a wrong or missing password,
        /// an unknown role or database, no `pg_hba.conf` entry. Trying again will not help
        /// until someone changes the configuration.
        case connectRejected = "connect_rejected"
        /// The connection string could not be parsed.
        case badConnectionString = "bad_connection_string"
        /// The server rejected a statement (see `sqlState`).
        case server = "server_error"
        /// The connection broke while a statement ran.
        case connectionLost = "connection_lost"
        /// A value could not be decoded into the Swift type asked for.
        case decode = "decode_error"
        /// No pooled connection became free within the pool's wait timeout.
        case poolTimeout = "pool_timeout"
        /// The pool has been shut down.
        case poolClosed = "pool_closed"
        /// A migration could not be applied or the schema is unusable.
        case migration = "migration_error"
        /// The schema in the database is one this release cannot work with.
        case incompatibleSchema = "incompatible_schema"
    }

    public var code: Code
    public var message: String
    /// The five-character SQLSTATE of a server error (`23P01`, `40001`, …).
    public var sqlState: String?
    public var detail: String?
    public var constraint: String?

    public init(_ code: Code, _ message: String, sqlState: String? = nil, detail: String? = nil, constraint: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.constraint = constraint
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += " [constraint \(constraint)]" }
        if let detail { text += " — \(detail)" }
        return text
    }

    /// A unique constraint was violated (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// An exclusion constraint was violated (23P01): for bookings, an overlap.
    public var isExclusionViolation: Bool { sqlState == "23P01" }
    /// A serializable transaction lost a race (40001) or a deadlock was broken (40P01): retry it.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// A foreign key was violated (23503).
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// The statement was cancelled by `statement_timeout` (57014).
    public var isQueryCanceled: Bool { sqlState == "57014" }
    /// A prepared statement's plan no longer fits the schema ("cached plan must
    /// not change result type", feature_not_supported).
    var isStalePlan: Bool { sqlState == "0A000" && message.hasPrefix("cached plan must not change result type") }
    /// The server refused who we are or what we asked for (`connectRejected`):
    /// a configuration problem (sysexits 78), not an outage.
    public var isConfigurationFailure: Bool { code == .connectRejected }
    /// No connection: the server could not be reached, refused us, or the connection
    /// dropped. A request fails over it the same way whatever the cause.
    public var isConnectionFailure: Bool {
        code == .connectFailed || code == .connectRejected || code == .connectionLost || code == .poolTimeout
            || (sqlState?.hasPrefix("08") ?? false) || sqlState == "57P01" || sqlState == "57P03"
    }
}
