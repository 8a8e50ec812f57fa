import Crypto
import Foundation
import HTTPServer
import Postgres
import Receipts
import Runtime
import TestSupport
import Vocabulary

/// A real `HTTPServer.Server` on a loopback port serving the receipt routes,
/// over a migrated database of the test's own.
///
/// Requests are signed here the way the providers sign them, computed
/// independently of the module under test (from the providers' published
/// schemes), so a shared mistake cannot make both sides agree.
struct ReceiptWorld {
    static let baseURL = "https://booknow.example.com"
    static let authToken = "twilio-test-auth-token"
    static let emailKey = "email-webhook-test-key-0123456789"

    let pool: ConnectionPool
    let port: UInt16
    let metrics: MetricsRegistry

    /// Runs `body` against a fresh world; `configured: false` leaves both secrets unset.
    static func with(configured: Bool = true, _ body: (ReceiptWorld) async throws -> Void) async throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = database.makePool(size: 4)
        defer { pool.close() }
        let metrics = MetricsRegistry()
        let settings = ReceiptSettings(publicBaseURL: baseURL + "/",
                                       twilioAuthToken: configured ? Secret(authToken) : nil,
                                       emailWebhookKey: configured ? Secret(emailKey) : nil)
        var router = Router()
        ReceiptRoutes.register(on: &router, pool: pool, settings: settings, metrics: metrics, logger: Logger(level: .error))
        let server = Server(configuration: ServerConfiguration(threadCount: 4, maxBodySize: 64 * 1024), router: router)
        try server.start()
        defer { server.stop(timeout: .seconds(2)) }
        try await body(ReceiptWorld(pool: pool, port: server.port ?? 0, metrics: metrics))
    }

    /// Whether `recipient` is suppressed globally (or, given `business`, for it), as the sender checks.
    func isSuppressed(_ channel: Channel, _ recipient: String, business: UUID? = nil) throws -> Bool {
        try pool.withConnection { try PostgresSuppressionList.isSuppressed(channel: channel, recipient: recipient, business: business, on: $0) }
    }

    /// Adds an entry, as a refused recipient or an operator would.
    @discardableResult
    func suppress(_ channel: Channel, _ recipient: String, _ reason: SuppressionReason, business: UUID? = nil) throws -> Bool {
        try pool.withConnection {
            try PostgresSuppressionList.suppress(channel: channel, recipient: recipient, reason: reason, business: business, on: $0)
        }
    }

    /// Posts a Twilio-style form to `path`, signed with `token` (nil: no signature header).
    func postTwilio(_ path: String, _ fields: [(String, String)], token: String? = authToken) throws -> TestResponse {
        let body = fields.map { "\(Self.formEscape($0.0))=\(Self.formEscape($0.1))" }.joined(separator: "&")
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let token {
            let signed = Self.baseURL + path + fields.sorted { $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
            headers.append(("X-Twilio-Signature", Data(HMAC.sha1(key: Array(token.utf8), message: Array(signed.utf8))).base64EncodedString()))
        }
        return try TestClient(port: port).request("POST", path, headers: headers, body: Array(body.utf8))
    }

    /// Posts an email-events body signed with `key` at `timestamp` (default: now).
    func postEmail(_ body: String, key: String = emailKey, timestamp: Int = Int(Date().timeIntervalSince1970),
                   signed: Bool = true) throws -> TestResponse {
        var headers = [("Content-Type", "application/json"), ("X-BookNow-Timestamp", String(timestamp))]
        if signed {
            let mac = HMAC.sha256(key: Array(key.utf8), message: Array("\(timestamp).\(body)".utf8))
            headers.append(("X-BookNow-Signature", "v1=" + Hex.encode(mac)))
        }
        return try TestClient(port: port).request("POST", "/v1/providers/email/events", headers: headers, body: Array(body.utf8))
    }

    /// Posts `body` as it is, unsigned.
    func postRaw(_ path: String, _ body: String) throws -> TestResponse {
        try TestClient(port: port).request("POST", path, body: Array(body.utf8))
    }

    func count(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try pool.withConnection { try $0.query(sql, parameters)[0].decode(Int.self, at: 0) }
    }

    var receiptCount: Int { get throws { try count("SELECT count(*) FROM message_receipts") } }

    /// The reason of the global suppression of `recipient`, if any.
    func suppressionReason(_ channel: String, _ recipient: String) throws -> String? {
        try pool.withConnection {
            try $0.query("SELECT reason FROM suppressions WHERE channel = $1 AND recipient = $2 AND business_id IS NULL",
                         [channel, recipient]).first?.decode(String.self, at: 0)
        }
    }

    /// The value of a counter series, read from the rendered exposition text.
    func counterValue(_ series: String) -> Double? {
        metrics.render().split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded (as Twilio's client does).
    static func formEscape(_ text: String) -> String {
        text.utf8.map { byte in
            let c = Character(Unicode.Scalar(byte))
            return byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) ? String(c) : String(format: "%%%02X", byte)
        }.joined()
    }
}
