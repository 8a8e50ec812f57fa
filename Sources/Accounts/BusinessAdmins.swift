public import Foundation
public import Postgres

/// The people who run a business, in `business_admins`: who may ask for a
/// sign-in link to its console. An address may run several businesses; each
/// is its own row, scoped to one business, and everything a session of it
/// reads or changes is that business's.
public enum BusinessAdmins {
    /// One admin, with the name of the business it runs.
    public struct Admin: Sendable, Codable, Equatable {
        public var id: Int64
        public var businessID: UUID
        public var businessName: String
        /// The business's default language: the one its emails are written in.
        public var businessLocale: String
        public var email: String
        public var disabledAt: Date?
        public var createdAt: Date

        public var isDisabled: Bool { disabledAt != nil }

        init(row: Row) throws {
            id = try row.decode(Int64.self, "id")
            businessID = try row.decode(UUID.self, "business_id")
            businessName = try row.decode(String.self, "business_name")
            businessLocale = try row.decode(String.self, "default_locale")
            email = try row.decode(String.self, "email")
            disabledAt = try row.decode(Date?.self, "disabled_at")
            createdAt = try row.decode(Date.self, "created_at")
        }
    }

    /// An address as stored: trimmed, lower-case; nil when it cannot be one.
    public static func normalized(_ email: String) -> String? {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard (3...254).contains(address.utf8.count), let at = address.firstIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex, !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
        else { return nil }
        return address
    }

    /// Makes `email` an admin of `business`, or enables it again when it was
    /// one. `invitedBy` says who, for the trail (`cli:USER`, `admin:ID`).
    /// - Throws: `AccountsError` `invalid_argument` for an address that is not
    ///   one, `not_found` for an unknown business.
    public static func invite(business: UUID, email: String, invitedBy: String, on connection: Connection) throws -> Admin {
        guard let address = normalized(email) else {
            throw AccountsError(.invalidArgument, "'\(email.prefix(100))' is not an email address")
        }
        guard let row = try connection.query(inviteSQL, [business, address, String(invitedBy.prefix(200))]).first else {
            throw AccountsError(.notFound, "no business \(business.uuidString.lowercased())")
        }
        return try Admin(row: row)
    }

    /// The enabled admins an address is, one per business it runs.
    public static func enabled(email: String, on connection: Connection) throws -> [Admin] {
        guard let address = normalized(email) else { return [] }
        return try connection.query(byEmailSQL, [address]).map(Admin.init(row:))
    }

    /// A business's admins by address, disabled ones included.
    public static func list(business: UUID, on connection: Connection) throws -> [Admin] {
        try connection.query(listSQL, [business]).map(Admin.init(row:))
    }

    /// Disables admin `id` of `business` and ends its sessions; nil when
    /// `business` has no such admin (another business's id included).
    public static func disable(_ id: Int64, business: UUID, on connection: Connection) throws -> Admin? {
        guard let row = try connection.query(disableSQL, [id, business]).first else { return nil }
        try Sessions.endAll(admin: id, on: connection)
        return try Admin(row: row)
    }

    static let columns = "a.id, a.business_id, b.name AS business_name, b.default_locale, a.email, a.disabled_at, a.created_at"

    /// Upsert on (business_id, email); no row when the business does not exist.
    static let inviteSQL = """
        WITH upserted AS (
            INSERT INTO business_admins (business_id, email, invited_by)
            SELECT id, $2, $3 FROM businesses WHERE id = $1
            ON CONFLICT (business_id, email) DO UPDATE SET disabled_at = NULL
            RETURNING *)
        SELECT \(columns) FROM upserted a JOIN businesses b ON b.id = a.business_id
        """
    /// Through `business_admins_email_idx`.
    static let byEmailSQL = """
        SELECT \(columns) FROM business_admins a JOIN businesses b ON b.id = a.business_id
         WHERE a.email = $1 AND a.disabled_at IS NULL ORDER BY b.name, a.id
        """
    /// Through the (business_id, email) unique index.
    static let listSQL = """
        SELECT \(columns) FROM business_admins a JOIN businesses b ON b.id = a.business_id
         WHERE a.business_id = $1 ORDER BY a.email
        """
    /// Scoped by business in the statement: another business's id matches nothing.
    static let disableSQL = """
        WITH disabled AS (
            UPDATE business_admins SET disabled_at = coalesce(disabled_at, booknow_now())
             WHERE id = $1 AND business_id = $2 RETURNING *)
        SELECT \(columns) FROM disabled a JOIN businesses b ON b.id = a.business_id
        """
}
