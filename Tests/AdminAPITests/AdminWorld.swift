import API
import Booking
import Foundation
import HTTPServer
import Postgres
import Scheduling
import Synchronization
import Templates
import TestSupport

/// A real `HTTPServer.Server` on a loopback port serving the public and
/// admin routes, over a database of the test's own holding the demo salon
/// (with an admin key) and a second business (with its own admin key and a
/// location), so every test can check tenancy too.
final class AdminWorld: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a constant (the ids are
    // set once by `discover` before any test body runs); the pool, server and
    // outbox are themselves thread-safe.
    let pool: ConnectionPool
    let port: UInt16
    let router: Router
    let publicKey: String
    let adminKey: String
    let business: UUID
    let otherAdminKey: String
    let otherBusiness: UUID
    let otherLocation: String
    let outbox: RecordingOutbox
    private(set) var location = ""
    private(set) var haircut = ""
    private(set) var ava = ""
    private(set) var ben = ""
    /// A Monday at least three days ahead, in New York (the Downtown location's zone).
    let monday: LocalDate
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func with(_ body: (AdminWorld) throws -> Void) throws {
        try TestDatabase.with { database in
            let pool = database.makePool(size: 16, waitTimeout: .seconds(30))
            defer { pool.close() }
            let (seeded, admin, other, otherAdmin, otherLocation) = try pool.withTransaction { connection in
                let seeded = try DemoSalon.seed(on: connection)
                let admin = try APIKeyStore.create(business: seeded.businessID, scope: .admin, on: connection).secret
                let other = try BusinessStore.create(name: "Other Salon", timeZone: "Europe/Paris", on: connection).id
                let otherAdmin = try APIKeyStore.create(business: other, scope: .admin, on: connection).secret
                let location = try AdminTable.locations.insert(business: other, values: #"{"name":"Paris","time_zone":"Europe/Paris","address":""}"#,
                                                               on: connection)
                return (seeded, admin, other, otherAdmin, location)
            }
            let outbox = RecordingOutbox()
            var router = Router()
            APIRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: TestKeys.manageTokens)
            let templates = DirectoryTemplateStore(root: try TestEnvironment.repository().appendingPathComponent("templates"))
            AdminRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: TestKeys.manageTokens, templates: templates, erasure: outbox)
            let errors = Mutex<[String]>([])
            let server = Server(configuration: ServerConfiguration(threadCount: 16, maxBodySize: 64 * 1024), router: router) { error, _ in
                errors.withLock { $0.append(String(describing: error)) }
            }
            try server.start()
            defer { server.stop(timeout: .seconds(2)) }
            let otherLocationID = (try JSONSerialization.jsonObject(with: Data(otherLocation.utf8)) as? [String: Any])?["id"] as? String ?? ""
            let world = AdminWorld(pool: pool, port: server.port ?? 0, router: router, publicKey: seeded.publicKey, adminKey: admin,
                                   business: seeded.businessID, otherAdminKey: otherAdmin, otherBusiness: other,
                                   otherLocation: otherLocationID, outbox: outbox)
            try world.discover()
            try body(world)
            let unexpected = errors.withLock { $0 }
            precondition(unexpected.isEmpty, "the server answered 500: \(unexpected)")
        }
    }

    private init(pool: ConnectionPool, port: UInt16, router: Router, publicKey: String, adminKey: String, business: UUID,
                 otherAdminKey: String, otherBusiness: UUID, otherLocation: String, outbox: RecordingOutbox) {
        self.pool = pool
        self.port = port
        self.router = router
        self.publicKey = publicKey
        self.adminKey = adminKey
        self.business = business
        self.otherAdminKey = otherAdminKey
        self.otherBusiness = otherBusiness
        self.otherLocation = otherLocation
        self.outbox = outbox
        var day = Scheduling.WallClock(Self.newYork).localDate(of: Date()).adding(days: 3)
        while day.weekday != .monday { day = day.adding(days: 1) }
        monday = day
    }

    private func discover() throws {
        let locations = try call("GET", "/v1/locations", key: publicKey).json["data"] as? [[String: Any]] ?? []
        location = locations.first { $0["name"] as? String == "Downtown" }?["id"] as? String ?? ""
        let services = try call("GET", "/v1/services", key: publicKey).json["data"] as? [[String: Any]] ?? []
        haircut = services.first { $0["name"] as? String == "Haircut" }?["id"] as? String ?? ""
        let providers = try call("GET", "/v1/providers?location=\(location)", key: publicKey).json["data"] as? [[String: Any]] ?? []
        ava = providers.first { $0["name"] as? String == "Ava" }?["id"] as? String ?? ""
        ben = providers.first { $0["name"] as? String == "Ben" }?["id"] as? String ?? ""
    }

    /// An instant on the wall clock in New York, `days` after the Monday, as RFC 3339 UTC.
    func at(_ hour: Int, _ minute: Int = 0, days: Int = 0) -> String {
        Scheduling.WallClock(Self.newYork).instant(monday.adding(days: days), LocalTime(hour: hour, minute: minute))!.formatted(.iso8601)
    }

    /// One request on a new connection, with the admin key unless `key` says otherwise (nil: no key).
    func call(_ method: String, _ path: String, json: Any? = nil, raw: [UInt8]? = nil, key: String?? = .none,
              headers: [(String, String)] = []) throws -> TestResponse {
        var all = headers
        if let presented = key ?? adminKey { all.append(("Authorization", "Bearer \(presented)")) }
        let body = try raw ?? json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { all.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: all, body: body)
    }

    /// Books Ava (or `provider`) at `start` through the public API; the booking's id.
    @discardableResult
    func book(_ start: String, provider: String? = nil, email: String = "ada@example.com") throws -> String {
        let body: [String: Any] = [
            "service": haircut, "location": location, "provider": provider ?? ava, "start": start,
            "customer": ["name": "Ada Lovelace", "email": email, "phone": "+14155550100", "consent_email": true, "consent_sms": true],
        ]
        let answer = try call("POST", "/v1/bookings", json: body, key: publicKey)
        precondition(answer.status == 201, "booking at \(start) failed: \(answer.text)")
        return answer.json["id"] as? String ?? ""
    }

    func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try pool.withConnection { try $0.query(sql, parameters)[0].decode(T.self, at: 0) }
    }
}

extension TestResponse {
    /// `data` of a list answer.
    var items: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
    var code: String? { json["code"] as? String }
    /// The field names of a 422 answer's `errors`.
    var fields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
}
