public import API
public import Application
public import Booking
public import Foundation
public import HTTPServer
public import Postgres
public import Runtime
public import Scheduling
public import TestSupport

/// The assembled application on a real loopback server, over the demo salon
/// of a database of the test's own (with an admin key) and a second business
/// (with its own admin key and a location), so every test can check tenancy
/// too. Every route `booknowd` serves on its public listener is there, wired
/// by `Application`; only the outbox is replaced, by a `RecordingOutbox`, so
/// a test reads what booking operations committed.
///
/// `Profile` names the key a request carries when the test names none and
/// the body limit: the security and hostile-input suites (`LiveAPIServer`)
/// name every key, the public API's (`APIWorld`) use the public key, the admin
/// API's (`AdminWorld`) the admin key.
///
/// The logger writes to a `RecordingLogSink`, so tests read every line the
/// server logged; a request that failed (a 500) is one of them.
public final class LiveWorld<Profile: LiveWorldProfile>: @unchecked Sendable {
    // @unchecked Sendable: every stored property is a constant set before any
    // test body runs; the application, pool, server and sink are thread-safe.
    public let application: Application
    public let salon: SalonFixture<RecordingOutbox>
    public let port: UInt16
    public let adminKey: String
    public let otherBusiness: UUID
    public let otherAdminKey: String
    /// The second business's location id, as the API spells ids.
    public let otherLocation: String
    public let logSink: RecordingLogSink

    public var database: TestDatabase { salon.database }
    public var pool: ConnectionPool { salon.pool }
    public var router: Router { application.router }
    public var outbox: RecordingOutbox { salon.outbox }
    public var publicKey: String { salon.seeded.publicKey }
    /// The public key (the public API's suites call it the world's key).
    public var key: String { publicKey }
    public var business: UUID { salon.seeded.businessID }
    /// The demo salon's ids as the API spells them: its Downtown location, Haircut, Ava and Ben.
    public var location: String { Self.id(salon.location) }
    public var haircut: String { Self.id(salon.haircut) }
    public var ava: String { Self.id(salon.ava) }
    public var ben: String { Self.id(salon.ben) }
    /// A Monday at least three days ahead, in New York (the Downtown location's zone).
    public var monday: LocalDate { salon.monday }
    /// The lines the server logged for failed requests (its 500s).
    public var failures: [String] { logSink.lines.filter { $0.contains("request failed") } }
    /// `failures`, as the public API's suites read them.
    public var serverErrors: @Sendable () -> [String] { { [self] in failures } }

    /// Runs `body` with a started server, and stops it afterwards.
    /// - Parameters:
    ///   - maxBodySize: the server's body limit, as `http.max_body_bytes`.
    ///   - limiter: the per-key budgets (none by default).
    ///   - doors: the limits on public writes (none by default).
    public static func with(maxBodySize: Int = Profile.maxBodySize, limiter: RateLimiter? = nil, doors: PublicDoors? = nil,
                            _ body: (LiveWorld) throws -> Void) throws {
        let sink = RecordingLogSink()
        try TestApplication.withSalon(
            recording: RecordingOutbox(), settings: ["http.max_body_bytes": String(maxBodySize)],
            overrides: Application.Overrides(limiter: .some(limiter), doors: doors), logger: Logger(level: .debug, sink: sink)
        ) { application, salon, port in
            let (admin, other, otherAdmin, otherLocation) = try salon.pool.withTransaction { connection in
                let admin = try APIKeyStore.create(business: salon.seeded.businessID, scope: .admin, on: connection).secret
                let other = try BusinessStore.create(name: "Other Salon", timeZone: "Europe/Paris", on: connection).id
                let otherAdmin = try APIKeyStore.create(business: other, scope: .admin, on: connection).secret
                let location = try AdminTable.locations.insert(
                    business: other, values: #"{"name":"Paris","time_zone":"Europe/Paris","address":""}"#, on: connection)
                return (admin, other, otherAdmin, location)
            }
            let otherLocationID = (try JSONSerialization.jsonObject(with: Data(otherLocation.utf8)) as? [String: Any])?["id"] as? String
            let world = LiveWorld(application: application, salon: salon, port: port, adminKey: admin, otherBusiness: other,
                                  otherAdminKey: otherAdmin, otherLocation: otherLocationID ?? "", logSink: sink)
            try body(world)
            if Profile.refusesServerErrors {
                let unexpected = world.failures
                precondition(unexpected.isEmpty, "the server answered 500: \(unexpected)")
            }
        }
    }

    private init(application: Application, salon: SalonFixture<RecordingOutbox>, port: UInt16, adminKey: String, otherBusiness: UUID,
                 otherAdminKey: String, otherLocation: String, logSink: RecordingLogSink) {
        self.application = application
        self.salon = salon
        self.port = port
        self.adminKey = adminKey
        self.otherBusiness = otherBusiness
        self.otherAdminKey = otherAdminKey
        self.otherLocation = otherLocation
        self.logSink = logSink
    }

    /// One request on a new connection, with a raw or JSON body, carrying
    /// `key`, or the profile's key when `key` is left out (`.some(nil)`: no key).
    public func call(_ method: String, _ path: String, json: Any? = nil, raw: [UInt8]? = nil, key: String?? = .none,
                     headers: [(String, String)] = []) throws -> TestResponse {
        var all = headers
        if let presented = key ?? defaultKey { all.append(("Authorization", "Bearer \(presented)")) }
        let body = try raw ?? json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { all.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: all, body: body)
    }

    private var defaultKey: String? {
        switch Profile.defaultKey {
        case .noKey: nil
        case .publicKey: publicKey
        case .adminKey: adminKey
        }
    }

    /// An instant on the wall clock in New York, `days` after the Monday, as RFC 3339 UTC.
    public func at(_ hour: Int, _ minute: Int = 0, days: Int = 0) -> String {
        salon.at(hour, minute, days: days).formatted(.iso8601)
    }

    /// A booking body for Ava (or `provider`) at `start`, consenting to email, in English.
    public func booking(_ start: String, provider: String? = nil, email: String = "ada@example.com") -> [String: Any] {
        booking(start, provider: provider, email: email, customer: ["locale": "en"])
    }

    /// A booking body for Ava (or `provider`) at `start`, consenting to email and SMS.
    public func booking(_ start: Date, provider: UUID? = nil) -> [String: Any] {
        booking(start.formatted(.iso8601), provider: Self.id(provider ?? salon.ava), email: "ada@example.com", customer: ["consent_sms": true])
    }

    /// Ada Lovelace's booking with her phone and email consent, plus the customer fields in `extra`.
    private func booking(_ start: String, provider: String?, email: String, customer extra: [String: Any]) -> [String: Any] {
        let customer: [String: Any] = ["name": "Ada Lovelace", "email": email, "phone": "+14155550100", "consent_email": true]
        return ["service": haircut, "location": location, "provider": provider ?? ava, "start": start,
                "customer": customer.merging(extra) { $1 }]
    }

    /// Books Ava (or `provider`) at `start` through the public API, consenting to email and SMS; the booking's id.
    @discardableResult
    public func book(_ start: String, provider: String? = nil, email: String = "ada@example.com") throws -> String {
        let answer = try call("POST", "/v1/bookings", json: booking(start, provider: provider, email: email, customer: ["consent_sms": true]), key: publicKey)
        precondition(answer.status == 201, "booking at \(start) failed: \(answer.text)")
        return answer.json["id"] as? String ?? ""
    }

    public func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try salon.scalar(type, sql, parameters)
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }
}

/// Which key a `LiveWorld` request carries when the test names none.
public enum LiveWorldKey: Sendable {
    case noKey, publicKey, adminKey
}

/// What sets one suite's live world apart from another's.
public protocol LiveWorldProfile {
    static var defaultKey: LiveWorldKey { get }
    static var maxBodySize: Int { get }
    /// Whether a 500 during the test fails it when the world closes.
    static var refusesServerErrors: Bool { get }
}

/// The security and hostile-input suites' profile: every request names its key.
public enum NamedKeys: LiveWorldProfile {
    public static let defaultKey = LiveWorldKey.noKey
    public static let maxBodySize = 64 * 1024
    public static let refusesServerErrors = false
}

/// The public API's profile: the salon's public key unless a test names
/// another, and bodies limited to 16 KiB.
public enum PublicKeyByDefault: LiveWorldProfile {
    public static let defaultKey = LiveWorldKey.publicKey
    public static let maxBodySize = 16 * 1024
    public static let refusesServerErrors = false
}

/// The admin API's profile: the salon's admin key unless a test names
/// another, and a 500 anywhere fails the test.
public enum AdminKeyByDefault: LiveWorldProfile {
    public static let defaultKey = LiveWorldKey.adminKey
    public static let maxBodySize = 64 * 1024
    public static let refusesServerErrors = true
}

/// The live world of the security and hostile-input suites.
public typealias LiveAPIServer = LiveWorld<NamedKeys>
