public import API
public import Booking
public import Foundation
public import HTTPServer
public import Postgres
public import Runtime
import Synchronization
import Templates
public import TestSupport

/// The public and admin routes on a real loopback server, wired as
/// `booknowd` wires them (shared rate limiter, failures logged through a
/// `Logger`), over the demo salon of a database of the test's own and a
/// second business, so hostile-input, tenancy and secrets tests share one setup.
///
/// The logger writes to a `RecordingLogSink`, so tests can read every line
/// the server logged; the server's 500s are also kept as `failures`.
public final class LiveAPIServer: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a constant set before any
    // test body runs; the pool, server, sink and failure list are thread-safe.
    public let salon: SalonFixture<RecordingOutbox>
    public let port: UInt16
    public let router: Router
    public let adminKey: String
    public let otherBusiness: UUID
    public let otherAdminKey: String
    public let otherLocation: UUID
    public let logSink: RecordingLogSink
    private let failureList: @Sendable () -> [String]

    public var pool: ConnectionPool { salon.pool }
    public var publicKey: String { salon.seeded.publicKey }
    /// What the server answered 500, as its error hook reported it.
    public var failures: [String] { failureList() }

    /// Runs `body` with a started server, and stops it afterwards.
    /// - Parameters:
    ///   - maxBodySize: the server's body limit, as `http.max_body_bytes`.
    ///   - limiter: the per-key budgets (none by default).
    ///   - doors: the limits on public writes (none by default).
    public static func with(maxBodySize: Int = 64 * 1024, limiter: RateLimiter? = nil, doors: PublicDoors? = nil,
                            _ body: (LiveAPIServer) throws -> Void) throws {
        try SalonFixture.with(outbox: RecordingOutbox(), poolSize: 16) { salon in
            let pool = salon.pool
            let (admin, other, otherAdmin, otherLocation) = try pool.withTransaction { connection in
                let admin = try APIKeyStore.create(business: salon.seeded.businessID, scope: .admin, on: connection).secret
                let other = try BusinessStore.create(name: "Other Salon", timeZone: "Europe/Paris", on: connection).id
                let otherAdmin = try APIKeyStore.create(business: other, scope: .admin, on: connection).secret
                let location = try AdminTable.locations.insert(business: other, values: #"{"name":"Paris","time_zone":"Europe/Paris","address":""}"#,
                                                               on: connection)
                return (admin, other, otherAdmin, location)
            }
            var router = Router()
            APIRoutes.register(on: &router, pool: pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens, limiter: limiter,
                               doors: doors)
            let templates = DirectoryTemplateStore(root: try TestEnvironment.repository().appendingPathComponent("templates"))
            AdminRoutes.register(on: &router, pool: pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens, templates: templates,
                                 erasure: salon.outbox, limiter: limiter)
            let routes = router
            let sink = RecordingLogSink(), failures = Mutex<[String]>([])
            let logger = Logger(level: .debug, sink: sink)
            // The same line booknowd's HTTPService logs for a failed request.
            let server = Server(configuration: ServerConfiguration(threadCount: 16, maxBodySize: maxBodySize), router: router) { error, request in
                failures.withLock { $0.append(String(describing: error)) }
                logger.error("request failed", ["method": LogValue(request.method.rawValue), "route": LogValue(routes.routePattern(of: request)),
                                                "error": .describing(String(describing: error))])
            }
            try server.start()
            defer { server.stop(timeout: .seconds(2)) }
            let otherLocationID = (try JSONSerialization.jsonObject(with: Data(otherLocation.utf8)) as? [String: Any])?["id"] as? String
            try body(LiveAPIServer(salon: salon, port: server.port ?? 0, router: router, adminKey: admin, otherBusiness: other,
                                   otherAdminKey: otherAdmin, otherLocation: UUID(uuidString: otherLocationID ?? "") ?? UUID(),
                                   logSink: sink, failures: { failures.withLock { $0 } }))
        }
    }

    private init(salon: SalonFixture<RecordingOutbox>, port: UInt16, router: Router, adminKey: String, otherBusiness: UUID,
                 otherAdminKey: String, otherLocation: UUID, logSink: RecordingLogSink, failures: @escaping @Sendable () -> [String]) {
        self.salon = salon
        self.port = port
        self.router = router
        self.adminKey = adminKey
        self.otherBusiness = otherBusiness
        self.otherAdminKey = otherAdminKey
        self.otherLocation = otherLocation
        self.logSink = logSink
        self.failureList = failures
    }

    /// One request on a new connection with `key` (nil: none) and a raw or JSON body.
    public func call(_ method: String, _ path: String, key: String?, json: Any? = nil, raw: [UInt8]? = nil,
                     headers: [(String, String)] = []) throws -> TestResponse {
        var all = headers
        if let key { all.append(("Authorization", "Bearer \(key)")) }
        let body = try raw ?? json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { all.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: all, body: body)
    }

    /// A booking body for Ava (or `provider`) at `start`.
    public func booking(_ start: Date, provider: UUID? = nil) -> [String: Any] {
        ["service": salon.haircut.uuidString, "location": salon.location.uuidString, "provider": (provider ?? salon.ava).uuidString,
         "start": start.formatted(.iso8601),
         "customer": ["name": "Ada Lovelace", "email": "ada@example.com", "phone": "+14155550100", "consent_email": true, "consent_sms": true]]
    }
}
