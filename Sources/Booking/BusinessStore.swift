public import Foundation
public import Postgres

/// Businesses, the tenants: created and disabled by the operator. Disabling
/// keeps every row (bookings stay countable) but stops its API keys and its
/// availability at once, because both check `disabled_at`.
public enum BusinessStore {
    public struct Business: Sendable, Hashable, Codable {
        public let id: UUID
        public let name: String
        public let timeZone: String
        public let createdAt: Date
        public let disabledAt: Date?
    }

    static let insertBusiness = "INSERT INTO businesses (name, time_zone) VALUES ($1, $2) RETURNING id, name, time_zone, created_at, disabled_at"
    /// A full scan: the operator's listing, not a request path.
    static let selectBusinesses = "SELECT id, name, time_zone, created_at, disabled_at FROM businesses ORDER BY created_at, id"
    /// Primary key; disabling twice keeps the first instant.
    static let disableBusiness = """
        UPDATE businesses SET disabled_at = coalesce(disabled_at, booknow_now()) WHERE id = $1
        RETURNING id, name, time_zone, created_at, disabled_at
        """

    /// - Throws: `BookingError` `invalid` for an empty or long name or an unknown IANA zone.
    public static func create(name: String, timeZone: String, on connection: Connection) throws -> Business {
        guard (1...200).contains(name.count) else { throw BookingError(.invalid, "a business name has 1 to 200 characters") }
        guard TimeZoneNames.isKnown(timeZone) else { throw BookingError(.invalid, "'\(timeZone)' is not an IANA time zone") }
        return try business(connection.query(insertBusiness, [name, timeZone])[0])
    }

    public static func list(on connection: Connection) throws -> [Business] {
        try connection.query(selectBusinesses).map(business)
    }

    /// - Throws: `BookingError` `notFound`.
    public static func disable(_ id: UUID, on connection: Connection) throws -> Business {
        guard let row = try connection.query(disableBusiness, [id]).first else { throw BookingError.notFound("business") }
        return try business(row)
    }

    /// Primary key; the unique index on `slug` refuses a slug another business has.
    static let updatePage = "UPDATE businesses SET slug = coalesce($2, slug), phone = coalesce($3, phone) WHERE id = $1 RETURNING slug"

    /// Sets the booking page's slug (`/book/{slug}`) and the phone shown on pages, where given.
    /// - Throws: `BookingError` `invalid` for a slug or phone of the wrong shape,
    ///   `alreadyExists` for a slug another business has, `notFound`.
    @discardableResult
    public static func setPage(_ id: UUID, slug: String?, phone: String?, on connection: Connection) throws -> String {
        if let slug, !isSlug(slug) {
            throw BookingError(.invalid, "a slug has 1 to 48 lower-case letters, digits and inner hyphens (salon-ana)")
        }
        if let phone, phone.wholeMatch(of: /\+[1-9][0-9]{6,14}/) == nil {
            throw BookingError(.invalid, "a phone number is in E.164 form (+15551234567)")
        }
        do {
            guard let row = try connection.query(updatePage, [id, slug, phone]).first else { throw BookingError.notFound("business") }
            return try row.decode(String.self, "slug")
        } catch let error as PostgresError where error.isUniqueViolation {
            throw BookingError(.alreadyExists, "another business has the slug '\(slug ?? "")'")
        }
    }

    /// The shape the schema's CHECK on `businesses.slug` allows.
    public static func isSlug(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?/) != nil
    }

    private static func business(_ row: Row) throws -> Business {
        Business(id: try row.decode(UUID.self, "id"), name: try row.decode(String.self, "name"), timeZone: try row.decode(String.self, "time_zone"),
                 createdAt: try row.decode(Date.self, "created_at"), disabledAt: try row.decode(Date?.self, "disabled_at"))
    }
}

/// IANA zone names as the zone database on this host knows them. A CHECK in
/// SQL cannot see the zone database, so every writer of a zone asks here.
///
/// `knownTimeZoneIdentifiers` alone is not enough: on Linux it is ICU's list,
/// which lags IANA's renames (it has Asia/Calcutta but not Asia/Kolkata, the
/// name since 2008), so a name it lacks is accepted when Foundation loads that
/// exact Area/Location name from the zone database. Foundation refuses paths
/// (`..`, a leading `/`, doubled or trailing slashes) and other spellings.
public enum TimeZoneNames {
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)

    public static func isKnown(_ name: String) -> Bool {
        if known.contains(name) || name == "UTC" { return true }
        return name.contains("/") && !name.contains("..") && TimeZone(identifier: name)?.identifier == name
    }
}
