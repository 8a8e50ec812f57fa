import API
import Booking
import Foundation
import HTTPServer
import Postgres
import Scheduling
import Synchronization
import TestSupport

/// A real `HTTPServer.Server` on a loopback port serving the `/v1` routes,
/// over a database of the test's own holding the demo salon. Ids are found
/// through the API itself, as a booking page would.
final class APIWorld: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a constant, and the pool
    // and server are themselves thread-safe; the race test shares one world.
    let database: TestDatabase
    let pool: ConnectionPool
    let port: UInt16
    let key: String
    let business: UUID
    private(set) var location = ""
    private(set) var haircut = ""
    private(set) var ava = ""
    private(set) var ben = ""
    /// A Monday at least three days ahead, in New York (the Downtown location's zone).
    let monday: LocalDate

    /// What the server reported through its error hook (the 500s), for failure messages.
    private(set) var serverErrors: @Sendable () -> [String] = { [] }

    static func with(maxBodySize: Int = 16 * 1024, _ body: (APIWorld) throws -> Void) throws {
        try TestDatabase.with { database in
            let pool = database.makePool(size: 16, waitTimeout: .seconds(30))
            defer { pool.close() }
            let seeded = try pool.withTransaction { try DemoSalon.seed(on: $0) }
            var router = Router()
            APIRoutes.register(on: &router, pool: pool, outbox: RecordingOutbox(), manageTokens: TestKeys.manageTokens)
            let errors = Mutex<[String]>([])
            let server = Server(configuration: ServerConfiguration(threadCount: 16, maxBodySize: maxBodySize), router: router) { error, _ in
                errors.withLock { $0.append(String(describing: error)) }
            }
            try server.start()
            defer { server.stop(timeout: .seconds(2)) }
            let world = APIWorld(database: database, pool: pool, port: server.port ?? 0, key: seeded.publicKey, business: seeded.businessID)
            world.serverErrors = { errors.withLock { $0 } }
            try world.discover()
            try body(world)
        }
    }

    private init(database: TestDatabase, pool: ConnectionPool, port: UInt16, key: String, business: UUID) {
        self.database = database
        self.pool = pool
        self.port = port
        self.key = key
        self.business = business
        var day = Scheduling.WallClock(Self.newYork).localDate(of: Date()).adding(days: 3)
        while day.weekday != .monday { day = day.adding(days: 1) }
        monday = day
    }

    static let newYork = TimeZone(identifier: "America/New_York")!

    private func discover() throws {
        let locations = try call("GET", "/v1/locations").json["data"] as? [[String: Any]] ?? []
        location = locations.first { $0["name"] as? String == "Downtown" }?["id"] as? String ?? ""
        let services = try call("GET", "/v1/services").json["data"] as? [[String: Any]] ?? []
        haircut = services.first { $0["name"] as? String == "Haircut" }?["id"] as? String ?? ""
        let providers = try call("GET", "/v1/providers?location=\(location)").json["data"] as? [[String: Any]] ?? []
        ava = providers.first { $0["name"] as? String == "Ava" }?["id"] as? String ?? ""
        ben = providers.first { $0["name"] as? String == "Ben" }?["id"] as? String ?? ""
    }

    /// An instant on the wall clock in New York, `days` after the Monday, as RFC 3339 UTC.
    func at(_ hour: Int, _ minute: Int = 0, days: Int = 0) -> String {
        Scheduling.WallClock(Self.newYork).instant(monday.adding(days: days), LocalTime(hour: hour, minute: minute))!.formatted(.iso8601)
    }

    /// One request on a new connection, with this world's key unless `key` says otherwise.
    func call(_ method: String, _ path: String, json: [String: Any]? = nil, raw: [UInt8]? = nil,
              key: String?? = .none, headers: [(String, String)] = []) throws -> TestResponse {
        var all = headers
        if let presented = key ?? self.key { all.append(("Authorization", "Bearer \(presented)")) }
        let body = try raw ?? json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { all.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: all, body: body)
    }

    func booking(_ start: String, provider: String? = nil, email: String = "ada@example.com") -> [String: Any] {
        ["service": haircut, "location": location, "provider": provider ?? ava, "start": start,
         "customer": ["name": "Ada Lovelace", "email": email, "phone": "+14155550100", "locale": "en", "consent_email": true]]
    }

    func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try pool.withConnection { try $0.query(sql, parameters)[0].decode(T.self, at: 0) }
    }
}
