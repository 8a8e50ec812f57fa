public import Foundation
public import Postgres

/// What the customer pages need to find before they can act: the business a
/// link's token belongs to, the business behind a booking page's slug, and
/// the facts a page shows beside a booking record.
///
/// Links carry only a token (no business), so pages look the owner up by the
/// token's SHA-256 first; both hashes are unique on their own. A token that
/// cannot be one (wrong length or alphabet) is refused without a query.
public enum CustomerLinks {
    /// `bookings.manage_token_hash` is unique across businesses.
    static let businessByManageToken = "SELECT business_id FROM bookings WHERE manage_token_hash = $1"
    /// `waitlist_entries.token_hash` is unique across businesses.
    static let businessByWaitlistToken = "SELECT business_id FROM waitlist_entries WHERE token_hash = $1"
    /// The unique index on `businesses.slug`; a disabled business has no page.
    static let selectBySlug = """
        SELECT id, name, slug, phone, default_locale, time_zone FROM businesses WHERE slug = $1 AND disabled_at IS NULL
        """
    /// Older waitlist notices link by service id alone; a rare path, so the
    /// scan of `services` by id is acceptable.
    static let selectSlugByService = """
        SELECT bz.slug FROM services s JOIN businesses bz ON bz.id = s.business_id WHERE s.id = $1 AND bz.disabled_at IS NULL
        """
    /// Primary keys throughout: what a manage or offer page shows beside the record.
    static let selectBookingContext = """
        SELECT bz.id, bz.name, bz.slug, bz.phone, bz.default_locale, bz.time_zone, l.address, c.locale AS customer_locale,
               s.duration
        FROM bookings bk
        JOIN businesses bz ON bz.id = bk.business_id
        JOIN locations l ON l.business_id = bk.business_id AND l.id = bk.location_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE bk.business_id = $1 AND bk.id = $2
        """
    /// Primary keys: what a waitlist page shows beside the entry.
    static let selectEntryContext = """
        SELECT bz.id, bz.name, bz.slug, bz.phone, bz.default_locale, bz.time_zone, l.name AS location_name, l.address,
               l.time_zone AS location_zone, s.name AS service_name, p.name AS provider_name, c.locale AS customer_locale,
               ARRAY(SELECT lower(r) FROM unnest(e.wanted) r) AS wanted_from,
               ARRAY(SELECT upper(r) FROM unnest(e.wanted) r) AS wanted_until
        FROM waitlist_entries e
        JOIN businesses bz ON bz.id = e.business_id
        JOIN locations l ON l.business_id = e.business_id AND l.id = e.location_id
        JOIN services s ON s.business_id = e.business_id AND s.id = e.service_id
        LEFT JOIN providers p ON p.business_id = e.business_id AND p.id = e.provider_id
        JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
        WHERE e.business_id = $1 AND e.id = $2
        """

    /// A business as its public pages show it.
    public struct Business: Sendable, Hashable {
        public let id: UUID
        public let name: String
        public let slug: String
        public let phone: String?
        public let defaultLocale: String
        public let timeZone: String

        init(row: Row) throws {
            id = try row.decode(UUID.self, "id")
            name = try row.decode(String.self, "name")
            slug = try row.decode(String.self, "slug")
            phone = try row.decode(String?.self, "phone")
            defaultLocale = try row.decode(String.self, "default_locale")
            timeZone = try row.decode(String.self, "time_zone")
        }
    }

    /// What a page shows beside a booking record.
    public struct BookingContext: Sendable {
        public let business: Business
        public let address: String
        public let customerLocale: String
    }

    /// What a page shows about a waitlist entry.
    public struct EntryContext: Sendable {
        public let business: Business
        public let locationName: String
        public let address: String
        public let timeZone: String
        public let serviceName: String
        /// nil: anyone.
        public let providerName: String?
        public let customerLocale: String
        public let wanted: [Range<Date>]
    }

    /// The business whose booking `token` names, or nil.
    public static func business(manageToken token: String, on connection: Connection) throws -> UUID? {
        guard let hash = ManageToken.hash(token) else { return nil }
        return try connection.query(businessByManageToken, [hash]).first?.decode(UUID.self, "business_id")
    }

    /// The business whose waitlist entry `token` names, or nil.
    public static func business(waitlistToken token: String, on connection: Connection) throws -> UUID? {
        guard let hash = ManageToken.hash(token) else { return nil }
        return try connection.query(businessByWaitlistToken, [hash]).first?.decode(UUID.self, "business_id")
    }

    /// The enabled business with booking page `slug`, or nil.
    public static func business(slug: String, on connection: Connection) throws -> Business? {
        guard slug.utf8.count <= 48 else { return nil }
        return try connection.query(selectBySlug, [slug]).first.map(Business.init(row:))
    }

    /// The booking page's slug of the business offering `service`, or nil.
    public static func slug(service: UUID, on connection: Connection) throws -> String? {
        try connection.query(selectSlugByService, [service]).first?.decode(String.self, "slug")
    }

    public static func context(of booking: BookingRecord, on connection: Connection) throws -> BookingContext {
        let row = try connection.query(selectBookingContext, [booking.businessID, booking.id])[0]
        return BookingContext(business: try Business(row: row), address: try row.decode(String.self, "address"),
                              customerLocale: try row.decode(String.self, "customer_locale"))
    }

    public static func context(of entry: WaitlistEntry, on connection: Connection) throws -> EntryContext {
        let row = try connection.query(selectEntryContext, [entry.businessID, entry.id])[0]
        let from = try row.decode([Date].self, "wanted_from"), until = try row.decode([Date].self, "wanted_until")
        return EntryContext(
            business: try Business(row: row), locationName: try row.decode(String.self, "location_name"),
            address: try row.decode(String.self, "address"), timeZone: try row.decode(String.self, "location_zone"),
            serviceName: try row.decode(String.self, "service_name"), providerName: try row.decode(String?.self, "provider_name"),
            customerLocale: try row.decode(String.self, "customer_locale"),
            wanted: zip(from, until).map { $0..<$1 })
    }
}
