import API
import Booking
import Delivery
import Foundation
import HTTPServer
import Notifications
import Postgres
import Queue
import Runtime
import Scheduling
import Templates
import TestSupport
import Vocabulary

/// The demo salon with the real waitlist path: the `/v1` routes on a loopback
/// server and booking operations enqueue through `QueueOutbox`; a real
/// `Worker` runs the real handlers (`slot_released`, `offer_expired`,
/// `send_message`), sending through a file outbox. Modelled on
/// NotificationTests' world, which these tests must not change.
struct WaitlistWorld {
    let salon: SalonFixture<QueueOutbox>
    let outboxFolder: URL
    let registry: JobRegistry
    let port: UInt16

    static func with(policy: String = "hold", _ body: (WaitlistWorld) throws -> Void) throws {
        let planning = ReminderPlanning(horizon: .seconds(600))
        let outbox = QueueOutbox(reminders: planning)
        try SalonFixture.with(outbox: outbox, poolSize: 16) { salon in
            try salon.pool.withConnection {
                try $0.execute("UPDATE businesses SET waitlist_policy = $2 WHERE id = $1", [salon.seeded.businessID, policy])
            }
            let folder = try TestEnvironment.scratchFolder()
            let files = try OutboxTransport(settings: OutboxSettings(directory: folder.path))
            let templates = try TestEnvironment.repository().appendingPathComponent("templates")
            let sender = MessageSender(
                pool: salon.pool, catalog: TemplateCatalog(defaults: DirectoryTemplateStore(root: templates)),
                composer: MessageComposer(fromAddress: "bookings@salon.example", domain: "salon.example",
                                          publicBaseURL: "https://book.salon.example", manageTokens: TestKeys.manageTokens),
                transports: [.email: files, .sms: files], breakers: [:], logger: Logger(sink: RecordingLogSink()))
            var registry = JobRegistry()
            NotificationKinds.register(on: &registry, sender: sender, planning: planning)
            var router = Router()
            APIRoutes.register(on: &router, pool: salon.pool, outbox: outbox, manageTokens: TestKeys.manageTokens)
            let server = Server(configuration: ServerConfiguration(threadCount: 4, maxBodySize: 16 * 1024), router: router) { _, _ in }
            try server.start()
            defer { server.stop(timeout: .seconds(2)) }
            try body(WaitlistWorld(salon: salon, outboxFolder: folder, registry: registry, port: server.port ?? 0))
        }
    }

    /// Runs a worker until nothing is due: every job due now has finished its attempt.
    func runJobs() throws {
        let worker = Worker(pool: salon.pool, registry: registry, configuration: WorkerConfiguration(
            queues: ["email": 2, "sms": 2, "default": 2], pollInterval: .milliseconds(200), random: { 0.5 }))
        try worker.start()
        defer { _ = worker.shutdown(timeout: .seconds(10)) }
        worker.waitUntilIdle(timeout: .seconds(60))
    }

    /// One request with the salon's public key (or `key`).
    func call(_ method: String, _ path: String, json: [String: Any]? = nil, key: String? = nil) throws -> TestResponse {
        var headers = [("Authorization", "Bearer \(key ?? salon.seeded.publicKey)")]
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        return try TestClient(port: port).request(method, path, headers: headers, body: body)
    }

    /// Joins the waitlist for a haircut downtown with anyone, wanting `from..<until`; returns the entry's token.
    func join(_ name: String, email: String, from: Date, until: Date) throws -> String {
        let response = try call("POST", "/v1/waitlist", json: [
            "service": id(salon.haircut), "location": id(salon.location), "provider": "any",
            "wanted": [["from": from.formatted(.iso8601), "until": until.formatted(.iso8601)]],
            "customer": ["name": name, "email": email, "locale": "en", "consent_email": true],
        ])
        guard response.status == 201, let token = response.json["token"] as? String else {
            throw TestClientError("join answered \(response.status): \(response.text)", code: 0)
        }
        return token
    }

    /// A public booking through the API.
    func book(_ start: Date, provider: UUID, email: String) throws -> TestResponse {
        try call("POST", "/v1/bookings", json: [
            "service": id(salon.haircut), "location": id(salon.location), "provider": id(provider), "start": start.formatted(.iso8601),
            "customer": ["name": "Walk In", "email": email, "locale": "en", "consent_email": true],
        ])
    }

    func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// The emails the outbox transport wrote, soft line breaks joined.
    func emails() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outboxFolder.path).filter { $0.hasSuffix(".eml") }.map {
            try String(contentsOf: outboxFolder.appendingPathComponent($0), encoding: .utf8)
                .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "\r\n ", with: "")
        }
    }

    /// Emails to `address` whose subject or body mentions `text`.
    func emails(to address: String, containing text: String) throws -> [String] {
        try emails().filter { $0.contains(address) && $0.contains(text) }
    }

    /// The accept link's token in the newest offer to `address`.
    func offerToken(to address: String) throws -> String? {
        for email in try emails() where email.contains("To: ") && email.contains(address) {
            if let range = email.range(of: "https://book.salon.example/offers/") {
                return String(email[range.upperBound...].prefix(43))
            }
        }
        return nil
    }

    func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try salon.scalar(type, sql, parameters)
    }
}
