public import Foundation
public import Postgres

/// The round-the-clock provider and quick service `booknowctl demo` books, added
/// to the demo salon. Here, with the tables' other statements, not in the tool.
public enum DemoDesk {
    public struct IDs: Sendable {
        public var business: UUID
        public var location: UUID
        public var provider: UUID
        public var service: UUID
    }

    static let findBusiness = "SELECT id FROM businesses WHERE name = $1"
    static let findLocation = "SELECT id FROM locations WHERE business_id = $1 AND name = 'Downtown'"
    // Demo only: a customer may cancel at once, so the demo can show a notice.
    static let relaxPolicy = "UPDATE businesses SET cancellation_notice = '0 hours', min_notice = '0 hours' WHERE id = $1"
    static let findProvider = "SELECT id FROM providers WHERE business_id = $1 AND name = 'Demo desk'"
    static let insertProvider = "INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, 'Demo desk') RETURNING id"
    static let findService = "SELECT id FROM services WHERE business_id = $1 AND name = 'Demo consultation'"
    static let insertService = """
        INSERT INTO services (business_id, name, duration, buffer_after, slot_step)
        VALUES ($1, 'Demo consultation', '15 minutes', '0 minutes', '1 minute') RETURNING id
        """
    static let insertOffer = "INSERT INTO provider_services (business_id, provider_id, service_id) VALUES ($1, $2, $3)"
    /// Every day, all day: 00:00–24:00 local time.
    static let insertRules = """
        INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
        SELECT $1, $2, day, '00:00', '24:00' FROM generate_series(1, 7) AS day
        """

    /// Seeds the salon if needed and adds the desk once; returns the ids.
    public static func prepare(on connection: Connection) throws -> IDs {
        let business: UUID
        if let row = try connection.query(findBusiness, [DemoSalon.name]).first {
            business = try row.decode(UUID.self, "id")
        } else {
            business = try DemoSalon.seed(on: connection).businessID
        }
        let location = try connection.query(findLocation, [business])[0].decode(UUID.self, "id")
        try connection.execute(relaxPolicy, [business])
        if let provider = try connection.query(findProvider, [business]).first,
           let service = try connection.query(findService, [business]).first {
            return IDs(business: business, location: location, provider: try provider.decode(UUID.self, "id"), service: try service.decode(UUID.self, "id"))
        }
        let provider = try connection.query(insertProvider, [business, location])[0].decode(UUID.self, "id")
        let service = try connection.query(findService, [business]).first?.decode(UUID.self, "id")
            ?? connection.query(insertService, [business])[0].decode(UUID.self, "id")
        try connection.execute(insertOffer, [business, provider, service])
        try connection.execute(insertRules, [business, provider])
        return IDs(business: business, location: location, provider: provider, service: service)
    }

    /// The first whole minute at or after `instant` (the desk's slot grid).
    public static func nextMinute(after instant: Date) -> Date {
        Date(timeIntervalSince1970: (instant.timeIntervalSince1970 / 60).rounded(.up) * 60)
    }

    static let readNow = "SELECT booknow_now() AS now"

    /// The database clock's time (`booknow_now()`), which the demo books relative to.
    public static func now(on connection: Connection) throws -> Date {
        try connection.query(readNow)[0].decode(Date.self, "now")
    }
}
