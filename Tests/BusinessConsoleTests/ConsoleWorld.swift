import Vocabulary
import Accounts
import APITestSupport
import Application
import Booking
import BusinessConsole
import Delivery
import Foundation
import HTTPServer
import Postgres
import Synchronization
import TemplateOverrides
import Templates
import TestSupport
import Web

/// The business console on a real loopback server over the demo salon of a
/// database of the test's own, assembled by `Application` as `booknowd` is, with a second
/// business for the tenancy checks. Sign-in mails go to a recording
/// transport, where the tests read the links as a person reads their inbox
/// (the browser suite sends them through a real SMTP server).
struct ConsoleWorld {
    let salon: SalonFixture<RecordingOutbox>
    let port: UInt16
    let mails: RecordingTransport
    /// Another business, with an admin of its own.
    let other: UUID
    /// Served as if over https (`http.public_base_url` https): `__Host-` cookies, `Secure`.
    let secure: Bool
    var base: String { secure ? "https://localhost" : "http://localhost" }
    var cookiePrefix: String { secure ? "__Host-" : "" }

    static let throttle = SignInThrottle(perAccount: 3, perAddress: 6, window: .seconds(15 * 60), kind: "admin")
    static let owner = "owner@salon.example"
    static let rival = "boss@rival.example"

    static func with(secure: Bool = false, _ body: (ConsoleWorld) throws -> Void) throws {
        let mails = RecordingTransport()
        let settings = ["http.public_base_url": secure ? "https://localhost" : "http://localhost", "email.from_address": "bookings@booknow.example",
                        "email.message_id_domain": "booknow.example", "http.threads": "4", "http.max_body_bytes": "1048576"]
        let overrides = Application.Overrides(consoleMail: mails, consoleThrottle: throttle)
        try TestApplication.withSalon(recording: RecordingOutbox(), settings: settings, overrides: overrides) { _, salon, port in
            let other = try salon.pool.withConnection { try BusinessStore.create(name: "Rival Cuts", timeZone: "Europe/Madrid", on: $0).id }
            try salon.pool.withConnection { connection in
                _ = try BusinessAdmins.invite(business: salon.seeded.businessID, email: owner, invitedBy: "cli:test", on: connection)
                _ = try BusinessAdmins.invite(business: other, email: rival, invitedBy: "cli:test", on: connection)
            }
            try body(ConsoleWorld(salon: salon, port: port, mails: mails, other: other, secure: secure))
        }
    }

    /// One request on a connection of its own; POSTs are forms from this site's origin unless `headers` say otherwise.
    func request(_ method: String, _ target: String, cookie: String? = nil, headers: [(String, String)]? = nil,
                 form: [(String, String)] = []) throws -> TestResponse {
        try PageForms.request(port: port, method, target, origin: base, cookie: cookie, headers: headers, form: form)
    }

    /// Asks for a link at the sign-in page as a browser would.
    func askForLink(_ email: String) throws -> TestResponse {
        let page = try request("GET", "/console/sign-in")
        let name = cookiePrefix + "booknow_console_signin"
        let cookie = "\(name)=" + (try Self.cookie(name, in: page))
        return try request("POST", "/console/sign-in", cookie: cookie, form: [("csrf", Self.field("csrf", in: page.text) ?? ""), ("email", email)])
    }

    /// The path of the newest link mailed to `email`.
    func lastLink(to email: String) throws -> String {
        guard let body = mails.sent.last(where: { $0.to == email })?.text,
              let range = body.range(of: base + #"/console/sign-in/[A-Za-z0-9_-]{43}"#, options: .regularExpression)
        else { throw TestClientError("no sign-in link mailed to \(email)", code: 0) }
        return String(body[range].dropFirst(base.count))
    }

    /// Opens a link and presses its button: the answer (303 with the session cookie, or a refusal).
    /// A link that no longer opens shows no button; the form a browser kept
    /// from before (the back button) carries the token this computes.
    func useLink(_ path: String) throws -> TestResponse {
        let page = try request("GET", path)
        let token = String(path.split(separator: "/").last ?? "")
        let kept = FormGuard(key: Array(TestKeys.linkKey.utf8), publicBaseURL: URL(string: base)!).token(for: "console-link:" + token)
        return try request("POST", path, form: [("csrf", Self.field("csrf", in: page.text) ?? kept)])
    }

    /// A signed-in browser of `email`'s business.
    func signIn(_ email: String = ConsoleWorld.owner) throws -> Admin {
        _ = try askForLink(email)
        let answer = try useLink(try lastLink(to: email))
        guard answer.status == 303 else { throw TestClientError("sign-in answered \(answer.status)", code: 0) }
        let name = cookiePrefix + "booknow_console"
        let token = try Self.cookie(name, in: answer)
        let cookie = "\(name)=\(token)"
        let home = try request("GET", "/console/admins", cookie: cookie)
        return Admin(port: port, origin: base, token: token, cookie: cookie, csrf: Self.field("csrf", in: home.text) ?? "")
    }

    typealias Admin = SignedInBrowser

    static func cookie(_ name: String, in response: TestResponse) throws -> String { try PageForms.cookie(name, in: response) }

    static func field(_ name: String, in html: String) -> String? { PageForms.field(name, in: html) }

    func count(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try salon.scalar(Int.self, sql, parameters)
    }

    func adminID(_ email: String) throws -> Int64 {
        try salon.scalar(Int64.self, "SELECT id FROM business_admins WHERE email = $1", [email])
    }

    /// Moves `booknow_now()` by `seconds` from the database's current time.
    func moveClock(by seconds: Double) throws {
        try salon.pool.withConnection {
            try $0.execute("UPDATE booknow_clock SET test_offset = test_offset + make_interval(secs => $1)", [seconds])
        }
    }
}

/// An email transport that keeps what it is given.
final class RecordingTransport: Transport {
    struct Mail: Sendable {
        let to: String
        let subject: String
        let text: String
    }

    let name = "recording"
    private let mails = Mutex<[Mail]>([])

    var sent: [Mail] { mails.withLock { $0 } }

    func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        guard case .email(let email) = message else { return completion(DeliveryResult(outcome: .permanentMessage)) }
        mails.withLock { $0.append(Mail(to: email.to.address, subject: email.subject, text: email.text)) }
        completion(DeliveryResult(outcome: .delivered, replyCode: 250))
    }

    func shutdown() {}
}
