import Crypto
import Foundation
public import Postgres

/// One-time sign-in links to the business console, in `admin_sign_in_links`.
///
/// The link carries a random 256-bit token; the table holds only its SHA-256.
/// A link works once, and only until `lifetime` after it was made, both
/// judged by `booknow_now()` in the statement that redeems it, so two tabs
/// racing on one link get one session between them.
public struct AdminSignInLinks: Sendable {
    public let lifetime: Duration

    public init(lifetime: Duration = .seconds(15 * 60)) {
        self.lifetime = lifetime
    }

    /// A new link token for `admin`; the caller mails it and forgets it.
    public func issue(admin id: Int64, on connection: Connection) throws -> String {
        let token = try SecureRandom.token(byteCount: 32)
        try connection.execute(Self.insertSQL, [Data(Sessions.hash(token)), id, Sessions.seconds(lifetime)])
        return token
    }

    /// Whether `token` names a link that would sign in now (unused, unexpired,
    /// its admin enabled), without using it: the page a link opens shows a
    /// button, since mail scanners open links too.
    public static func isRedeemable(_ token: String, on connection: Connection) throws -> Bool {
        guard token.utf8.count == 43 else { return false }
        return try !connection.query(peekSQL, [Data(Sessions.hash(token))]).isEmpty
    }

    /// Uses the link `token` and returns its admin; nil when it is unknown,
    /// used, expired, or its admin is disabled. Lapsed links are pruned here.
    public static func redeem(_ token: String, on connection: Connection) throws -> BusinessAdmins.Admin? {
        guard token.utf8.count == 43 else { return nil }
        try connection.execute(pruneSQL)
        guard let row = try connection.query(redeemSQL, [Data(Sessions.hash(token))]).first else { return nil }
        return try BusinessAdmins.Admin(row: row)
    }

    static let insertSQL = """
        INSERT INTO admin_sign_in_links (token_hash, admin_id, expires_at)
        VALUES ($1, $2, booknow_now() + make_interval(secs => $3))
        """
    static let peekSQL = """
        SELECT 1 FROM admin_sign_in_links l JOIN business_admins a ON a.id = l.admin_id
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > booknow_now() AND a.disabled_at IS NULL
        """
    /// By primary key; the check and the use are one statement, so a link is used once.
    static let redeemSQL = """
        WITH used AS (
            UPDATE admin_sign_in_links l SET used_at = booknow_now()
              FROM business_admins a
             WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > booknow_now()
               AND a.id = l.admin_id AND a.disabled_at IS NULL
            RETURNING l.admin_id)
        SELECT \(BusinessAdmins.columns) FROM used u JOIN business_admins a ON a.id = u.admin_id JOIN businesses b ON b.id = a.business_id
        """
    /// Through `admin_sign_in_links_expires_idx`; a day's grace so a used or lapsed link still says "used or expired", not "unknown", for a while.
    static let pruneSQL = "DELETE FROM admin_sign_in_links WHERE expires_at <= booknow_now() - interval '1 day'"
}
