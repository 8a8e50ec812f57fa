public import Booking
public import Foundation
public import Postgres
public import Scheduling

/// The demo salon seeded into a database of the test's own: its Downtown
/// location (America/New_York), Haircut (30 min + 15 min cleanup), and the two
/// providers there, Ava and Ben, who work Mon–Sat 9–17 with lunch 12–13.
public struct SalonFixture<Outbox: WorkOutbox>: Sendable {
    public let database: TestDatabase
    public let pool: ConnectionPool
    public let outbox: Outbox
    public let store: BookingStore
    public let seeded: DemoSalon.Seeded
    public let location: UUID
    public let haircut: UUID
    public let ava: UUID
    public let ben: UUID
    /// A Monday at least three days ahead, in New York.
    public let monday: LocalDate
    public let zone = TimeZone(identifier: "America/New_York")!

    public static func with(outbox: Outbox, poolSize: Int = 8, _ body: (Self) throws -> Void) throws {
        try TestDatabase.with { database in
            let pool = database.makePool(size: poolSize)
            defer { pool.close() }
            try body(try Self(database: database, pool: pool, outbox: outbox))
        }
    }

    public init(database: TestDatabase, pool: ConnectionPool, outbox: Outbox) throws {
        self.database = database
        self.pool = pool
        self.outbox = outbox
        store = BookingStore(pool: pool, outbox: outbox, manageTokens: TestKeys.manageTokens)
        seeded = try pool.withTransaction { try DemoSalon.seed(on: $0) }
        location = seeded.locationIDs[0]
        haircut = seeded.serviceIDs[0]
        let business = seeded.businessID, location = self.location
        let providers = try pool.withConnection { try Catalog.providers(business: business, location: location, on: $0) }
        (ava, ben) = (providers[0].id, providers[1].id)
        let clock = Scheduling.WallClock(TimeZone(identifier: "America/New_York")!)
        var day = clock.localDate(of: Date()).adding(days: 3)
        while day.weekday != .monday { day = day.adding(days: 1) }
        monday = day
    }

    /// An instant on the wall clock in New York, `days` after the Monday.
    public func at(_ hour: Int, _ minute: Int = 0, days: Int = 0) -> Date {
        Scheduling.WallClock(zone).instant(monday.adding(days: days), LocalTime(hour: hour, minute: minute))!
    }

    public func request(_ start: Date, provider: UUID?, email: String = "ada@example.com", phone: String? = nil) -> BookingRequest {
        BookingRequest(business: seeded.businessID, location: location, service: haircut, provider: provider, start: start,
                       customer: CustomerDetails(name: "Ada Lovelace", email: email, phone: phone, locale: "en",
                                                 consentEmail: true, consentSMS: phone != nil))
    }

    /// Moves `booknow_now()` so that it reads `instant` (give or take the milliseconds a statement takes).
    public func setDatabaseNow(_ instant: Date) throws {
        try pool.withConnection { try $0.execute("UPDATE booknow_clock SET test_offset = $1::timestamptz - now()", [instant]) }
    }

    public func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try pool.withConnection { try $0.query(sql, parameters)[0].decode(T.self, at: 0) }
    }
}
