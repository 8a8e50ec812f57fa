import Crypto
import Foundation
public import Postgres

/// Signed-in browsers in `sessions`: one table for every surface with a
/// session, told apart by `kind` (`operator` for /ops, `admin` for /console). The browser holds a random 256-bit id; the
/// table holds only its SHA-256, so reading the table opens no session.
///
/// Expiry reads `booknow_now()`: idle (no request for `idle`) and absolute
/// (`lifetime` after sign-in), so tests move the database clock.
public struct Sessions: Sendable {
    /// A live session and the account behind it.
    public struct Session: Sendable, Equatable {
        /// The SHA-256 of the session id: what CSRF tokens are bound to.
        public var idHash: [UInt8]
        public var account: OperatorAccounts.Account
    }

    /// A live business console session and the admin behind it.
    public struct AdminSession: Sendable, Equatable {
        /// The SHA-256 of the session id: what CSRF tokens are bound to.
        public var idHash: [UInt8]
        public var admin: BusinessAdmins.Admin
    }

    public let idle: Duration
    public let lifetime: Duration

    public init(idle: Duration = .seconds(30 * 60), lifetime: Duration = .seconds(12 * 3600)) {
        self.idle = idle
        self.lifetime = lifetime
    }

    /// Starts a session for `operator` and returns its id, the cookie's value.
    /// Always a new id: nothing a browser brought before signing in survives it.
    public func start(operator id: Int64, on connection: Connection) throws -> String {
        try start(Self.insertSQL, id, on: connection)
    }

    /// The live session `token` names, touched (its idle time restarts); nil
    /// when unknown, expired, or its account is disabled.
    public func find(_ token: String, on connection: Connection) throws -> Session? {
        guard token.utf8.count == 43 else { return nil }
        let hash = Self.hash(token)
        guard let row = try connection.query(Self.touchSQL, [Data(hash), Self.seconds(idle)]).first else { return nil }
        return Session(idHash: hash, account: try OperatorAccounts.Account(row: row))
    }

    /// Starts a business console session for `admin`; as `start(operator:)`.
    public func start(admin id: Int64, on connection: Connection) throws -> String {
        try start(Self.insertAdminSQL, id, on: connection)
    }

    private func start(_ insert: String, _ id: Int64, on connection: Connection) throws -> String {
        let token = try SecureRandom.token(byteCount: 32)
        try connection.execute(insert, [Data(Self.hash(token)), id, Self.seconds(lifetime)])
        return token
    }

    /// The live admin session `token` names, touched; nil when unknown,
    /// expired, or its admin is disabled.
    public func findAdmin(_ token: String, on connection: Connection) throws -> AdminSession? {
        guard token.utf8.count == 43 else { return nil }
        let hash = Self.hash(token)
        guard let row = try connection.query(Self.touchAdminSQL, [Data(hash), Self.seconds(idle)]).first else { return nil }
        return AdminSession(idHash: hash, admin: try BusinessAdmins.Admin(row: row))
    }

    /// Ends every session of admin `id`.
    @discardableResult
    public static func endAll(admin id: Int64, on connection: Connection) throws -> Int {
        try connection.execute(deleteAllAdminSQL, [id])
    }

    /// Ends the session `token` (sign out).
    public static func end(_ token: String, on connection: Connection) throws {
        try connection.execute(deleteSQL, [Data(hash(token))])
    }

    /// Ends every session of `operator` (sign out everywhere, disabling, a new password).
    /// - Returns: how many ended.
    @discardableResult
    public static func endAll(operator id: Int64, on connection: Connection) throws -> Int {
        try connection.execute(deleteAllSQL, [id])
    }

    /// Deletes sessions past their absolute expiry.
    @discardableResult
    public static func prune(on connection: Connection) throws -> Int {
        try connection.execute(pruneSQL)
    }

    static func hash(_ token: String) -> [UInt8] { SHA256.hash(Array(token.utf8)) }
    static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) }

    static let insertSQL = """
        INSERT INTO sessions (id_hash, kind, operator_id, expires_at)
        VALUES ($1, 'operator', $2, booknow_now() + make_interval(secs => $3))
        """

    /// By primary key; the join keeps a disabled account's leftover session from working.
    static let touchSQL = """
        UPDATE sessions s SET last_seen_at = booknow_now()
          FROM operators o
         WHERE s.id_hash = $1 AND s.kind = 'operator' AND o.id = s.operator_id AND o.disabled_at IS NULL
           AND s.expires_at > booknow_now() AND s.last_seen_at > booknow_now() - make_interval(secs => $2)
        RETURNING o.id, o.name, o.role, o.disabled_at, o.password_changed_at, o.created_at
        """
    static let insertAdminSQL = """
        INSERT INTO sessions (id_hash, kind, admin_id, expires_at)
        VALUES ($1, 'admin', $2, booknow_now() + make_interval(secs => $3))
        """
    /// By primary key, as `touchSQL`; a disabled admin's leftover session does not work.
    static let touchAdminSQL = """
        WITH touched AS (
            UPDATE sessions s SET last_seen_at = booknow_now()
              FROM business_admins a
             WHERE s.id_hash = $1 AND s.kind = 'admin' AND a.id = s.admin_id AND a.disabled_at IS NULL
               AND s.expires_at > booknow_now() AND s.last_seen_at > booknow_now() - make_interval(secs => $2)
            RETURNING s.admin_id)
        SELECT \(BusinessAdmins.columns) FROM touched t JOIN business_admins a ON a.id = t.admin_id JOIN businesses b ON b.id = a.business_id
        """
    /// Through `sessions_admin_idx`.
    static let deleteAllAdminSQL = "DELETE FROM sessions WHERE admin_id = $1"
    static let deleteSQL = "DELETE FROM sessions WHERE id_hash = $1"
    /// Through `sessions_operator_idx`.
    static let deleteAllSQL = "DELETE FROM sessions WHERE operator_id = $1"
    /// Through `sessions_expires_idx`.
    static let pruneSQL = "DELETE FROM sessions WHERE expires_at <= booknow_now()"
}
