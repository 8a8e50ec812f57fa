import CLibPQ
import Glibc

/// One PostgreSQL session: the single owner of a libpq `PGconn`.
///
/// Every call blocks the calling thread on the network, so a connection is
/// used from dedicated threads (pool users, the listener), never from Swift's
/// cooperative pool.
///
/// `@unchecked Sendable`: libpq connections are not thread-safe, and none of
/// this class's state is guarded. It is safe because a connection is only ever
/// used by one thread at a time: the pool hands it out exclusively and takes it
/// back before anyone else can have it.
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    /// Host, port and database, for messages.
    public let target: String
    /// True once the connection is unusable (the server went away, a protocol error).
    public internal(set) var isBroken = false
    /// When this connection last finished a statement, for the pool's idle checks.
    var lastUsed = ContinuousClock.now
    /// This session's prepared statements, by SQL text (see `query`).
    private var statements = PreparedStatements()
    /// What runs once the open transaction commits (`afterCommit`).
    var commitActions: [() -> Void] = []

    /// Connects with `PQconnectdbParams`.
    /// - Throws: `PostgresError.connectFailed`, naming host, port and database only.
    public init(_ configuration: ConnectionConfiguration) throws {
        let params = configuration.parameters()
        let connection = withCStringArray(params.map(\.0)) { keys in
            withCStringArray(params.map(\.1)) { values in
                PQconnectdbParams(keys, values, 1)
            }
        }
        guard let connection else {
            throw PostgresError(.connectFailed, "could not connect to \(configuration.target): out of memory")
        }
        // PQconnectdbParams returns a handle even when it fails: it must always be finished.
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
            let rejected = Self.isRejection(connection, reason)
            PQfinish(connection)
            throw PostgresError(rejected ? .connectRejected : .connectFailed, "could not connect to \(configuration.target): \(reason)")
        }
        self.handle = connection
        self.target = configuration.target
    }

    deinit { PQfinish(handle) }

    /// Whether a failed connect was the server refusing us rather than not answering.
    /// libpq gives a failed connect no SQLSTATE: it says (`PQconnectionNeedsPassword`)
    /// whether authentication wanted a password it did not have, and the server's
    /// FATAL text names a wrong password, an unknown database or role or a missing
    /// `pg_hba.conf` entry (the server's English messages: `lc_messages` is a
    /// session setting, unset before authentication unless the server's default changed).
    private static func isRejection(_ connection: OpaquePointer, _ reason: String) -> Bool {
        // Not PQconnectionUsedPassword: "too many clients" also fails after a good password, and is an outage.
        if PQconnectionNeedsPassword(connection) != 0 { return true }
        return ["password authentication failed", "does not exist", "no pg_hba.conf entry", "authentication failed"]
            .contains { reason.contains($0) }
    }

    /// Runs one parameterized statement (text format) and returns its rows.
    ///
    /// Parameters are sent apart from the SQL text, so no value is ever
    /// interpolated into it. `nil` is SQL NULL.
    ///
    /// A query (`SELECT`, `WITH`, `INSERT`, `UPDATE`, `DELETE`) is prepared on
    /// this session the first time its text is seen (`PQprepare`) and run with
    /// `PQexecPrepared` after that, so the server parses it once and can keep
    /// its plan: planning a join of six tables costs several times its
    /// execution. Other statements, and queries past `PreparedStatements.limit`
    /// distinct texts, go through `PQexecParams`. When a schema change alters
    /// what a prepared query returns (an expand migration while the daemon
    /// runs), PostgreSQL refuses the old plan; outside a transaction the query
    /// is prepared again and run once more, inside one the error is thrown (the
    /// transaction is aborted either way).
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Rows {
        let texts: [String?] = parameters.map { $0?.postgresText }
        do {
            return try run(sql, texts)
        } catch let error as PostgresError where error.isStalePlan {
            statements.forget(sql)
            if isInTransaction { throw error }
            return try run(sql, texts)
        }
    }

    private func run(_ sql: String, _ texts: [String?]) throws -> Rows {
        let count = Int32(texts.count)
        let name = try statements.name(for: sql) { name in
            _ = try check(PQprepare(handle, name, sql, count, nil))
        }
        let result: OpaquePointer? = withOptionalCStringArray(texts) { values in
            if let name {
                PQexecPrepared(handle, name, count, values, nil, nil, 0)
            } else {
                PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
            }
        }
        return try check(result)
    }

    /// How many statements this session has prepared (for tests).
    public var preparedCount: Int { statements.count }

    /// Runs a statement and returns how many rows it changed (`PQcmdTuples`).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try query(sql, parameters).affectedRows
    }

    /// Runs a script of several statements with the simple query protocol (`PQexec`).
    /// Used for migrations; takes no parameters.
    public func run(script sql: String) throws {
        _ = try check(PQexec(handle, sql))
    }

    /// Quotes an identifier (a channel or table name) with `PQescapeIdentifier`.
    public func quoteIdentifier(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        guard let quoted = PQescapeIdentifier(handle, name, bytes.count) else {
            throw PostgresError(.server, "cannot quote identifier: \(lastErrorMessage)")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// True while a transaction is open or aborted on this session (`PQtransactionStatus`).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    var lastErrorMessage: String { String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines() }

    /// Turns a result into `Rows` or a `PostgresError` carrying SQLSTATE, detail and constraint.
    private func check(_ result: OpaquePointer?) throws -> Rows {
        lastUsed = .now
        guard let result else {
            markBrokenIfNeeded()
            throw PostgresError(.connectionLost, "no result from \(target): \(lastErrorMessage)")
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Rows(result)
        default:
            defer { PQclear(result) }
            markBrokenIfNeeded()
            func field(_ code: Int32) -> String? {
                PQresultErrorField(result, code).map { String(cString: $0) }
            }
            let sqlState = field(clibpq_diag_sqlstate())
            let message = field(clibpq_diag_message_primary()) ?? lastErrorMessage
            let code: PostgresError.Code = (isBroken && sqlState == nil) ? .connectionLost : .server
            throw PostgresError(
                code, message, sqlState: sqlState,
                detail: field(clibpq_diag_message_detail()),
                constraint: field(clibpq_diag_constraint_name()))
        }
    }

    private func markBrokenIfNeeded() {
        if PQstatus(handle) != CONNECTION_OK { isBroken = true }
    }

    /// True when the server has closed this idle connection (after a restart,
    /// `pg_terminate_backend`, an idle timeout): the socket is readable although
    /// no statement is running. Costs one `poll(2)`, no round trip.
    ///
    /// An idle pooled session has nothing to read unless the server is saying
    /// goodbye (pooled connections never LISTEN), so readable means dead; the
    /// FATAL message alone does not yet make libpq report the connection bad.
    func looksDeadWhileIdle() -> Bool {
        if isBroken || PQstatus(handle) != CONNECTION_OK { return true }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) != 0 {
            isBroken = true
            return true
        }
        return false
    }
}

/// Lends `strings` to C as a NULL-terminated `const char *const *` (as
/// `PQconnectdbParams` wants) for the duration of `body`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    withOptionalCStringArray(strings.map { Optional($0) } + [nil], body)
}

/// Like `withCStringArray`, with `nil` entries passed as NULL pointers (SQL NULL).
func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
