public import Foundation
public import Postgres

/// The demo business `booknowctl demo seed` creates: a salon with three
/// locations in three time zones, two providers at each, three services with
/// 15 minutes of cleanup after each, Monday–Saturday 9:00–17:00 with a lunch
/// block 12:00–13:00, and a public API key.
public enum DemoSalon {
    public static let name = "BookNow Demo Salon"
    /// Its booking page: `/book/demo-salon`.
    public static let slug = "demo-salon"
    static let locations = [
        (name: "Downtown", zone: "America/New_York", address: "12 Main Street, New York", providers: ["Ava", "Ben"]),
        (name: "Soho", zone: "Europe/London", address: "3 Greek Street, London", providers: ["Chloe", "Dev"]),
        (name: "Shibuya", zone: "Asia/Tokyo", address: "1-2 Dogenzaka, Tokyo", providers: ["Emi", "Ken"]),
    ]
    static let services = [(name: "Haircut", minutes: 30), (name: "Color", minutes: 90), (name: "Blowout", minutes: 45)]

    public struct Seeded: Sendable {
        public let businessID: UUID
        /// The public key's secret, shown once.
        public let publicKey: String
        public let locationIDs: [UUID]
        public let serviceIDs: [UUID]
    }

    /// Two seeds running at once take turns, so the second sees the first's business.
    static let lockSeed = "SELECT pg_advisory_xact_lock(hashtextextended('booknow demo seed', 0))"
    /// A full scan of businesses by name: run once by an operator, never on a request path.
    static let selectExisting = "SELECT id FROM businesses WHERE name = $1"
    static let insertLocation = "INSERT INTO locations (business_id, name, time_zone, address) VALUES ($1, $2, $3, $4) RETURNING id"
    static let insertService = """
        INSERT INTO services (business_id, name, duration, buffer_after, slot_step)
        VALUES ($1, $2, make_interval(mins => $3), '15 minutes', '15 minutes') RETURNING id
        """
    static let insertProvider = "INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, $3) RETURNING id"
    static let insertOffers = "INSERT INTO provider_services (business_id, provider_id, service_id) SELECT $1, $2, unnest($3::uuid[])"
    /// Monday (1) to Saturday (6), 9:00–17:00 local time.
    static let insertRules = """
        INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
        SELECT $1, $2, day, '09:00', '17:00' FROM generate_series(1, 6) AS day
        """
    static let insertLunch = """
        INSERT INTO time_off (business_id, provider_id, kind, weekdays, start_time, end_time, note)
        VALUES ($1, $2, 'lunch', '{1,2,3,4,5,6}', '12:00', '13:00', 'lunch')
        """

    /// Seeds inside the caller's transaction.
    /// - Throws: `BookingError` `alreadyExists` (naming the business) when a
    ///   demo salon exists: its key cannot be shown again, so a second seed
    ///   refuses instead of pretending.
    public static func seed(on connection: Connection) throws -> Seeded {
        try connection.query(lockSeed)
        if let existing = try connection.query(selectExisting, [name]).first {
            let id = try existing.decode(UUID.self, "id").uuidString.lowercased()
            throw BookingError(.alreadyExists, "the demo salon exists already (business \(id)); make another key with 'booknowctl keys create --business \(id) --scope public'")
        }
        let business = try BusinessStore.create(name: name, timeZone: "America/New_York", on: connection).id
        try BusinessStore.setPage(business, slug: slug, phone: "+12125550100", on: connection)
        func id(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws -> UUID {
            try connection.query(sql, parameters)[0].decode(UUID.self, "id")
        }
        let serviceIDs = try services.map { try id(insertService, [business, $0.name, $0.minutes]) }
        var locationIDs: [UUID] = []
        for location in locations {
            let locationID = try id(insertLocation, [business, location.name, location.zone, location.address])
            locationIDs.append(locationID)
            for providerName in location.providers {
                let provider = try id(insertProvider, [business, locationID, providerName])
                try connection.execute(insertOffers, [business, provider, serviceIDs])
                try connection.execute(insertRules, [business, provider])
                try connection.execute(insertLunch, [business, provider])
            }
        }
        let key = try APIKeyStore.create(business: business, scope: .public, on: connection)
        return Seeded(businessID: business, publicKey: key.secret, locationIDs: locationIDs, serviceIDs: serviceIDs)
    }
}
