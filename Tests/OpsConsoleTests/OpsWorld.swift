import Accounts
import APITestSupport
import Application
import Booking
import Crypto
import Foundation
import HTTPServer
import Notifications
import OpsConsole
import Postgres
import Queue
import TestSupport
import Web
import Vocabulary

/// The operator console on a real loopback server over the demo salon of a
/// database of the test's own, on its own listener as `Application` assembles it for `booknowd`, with accounts
/// hashed at a cheap scrypt cost so sign-ins are quick (the cost is stored
/// in each row, so the code path is the production one).
struct OpsWorld {
    let salon: SalonFixture<RecordingOutbox>
    let port: UInt16

    static let password = "correct horse battery"
    static let cheap = Scrypt.Parameters(n: 1024, r: 8, p: 1)
    static let throttle = SignInThrottle(perAccount: 3, perAddress: 6, window: .seconds(15 * 60))

    static func with(_ body: (OpsWorld) throws -> Void) throws {
        let overrides = Application.Overrides(operatorAccounts: OperatorAccounts(parameters: cheap), opsThrottle: throttle)
        try TestApplication.withSalon(recording: RecordingOutbox(), settings: ["http.threads": "4"], overrides: overrides, listener: "ops") { _, salon, port in
            let world = OpsWorld(salon: salon, port: port)
            try world.addOperator("olga", role: .operator)
            try world.addOperator("vera", role: .viewer)
            try body(world)
        }
    }

    func addOperator(_ name: String, role: OperatorRole) throws {
        try salon.pool.withConnection { try OperatorAccounts(parameters: Self.cheap).add(name: name, role: role, password: Self.password, on: $0) }
    }

    /// One request on a connection of its own; POSTs are forms from this console's origin unless `headers` say otherwise.
    func request(_ method: String, _ target: String, cookie: String? = nil, headers: [(String, String)]? = nil,
                 form: [(String, String)] = []) throws -> TestResponse {
        try PageForms.request(port: port, method, target, cookie: cookie, headers: headers, form: form)
    }

    /// The sign-in form's cookie and token, as a browser would get them.
    func signInForm() throws -> (cookie: String, csrf: String) {
        let page = try request("GET", "/ops/sign-in")
        let cookie = try Self.cookie("booknow_ops_signin", in: page)
        return ("booknow_ops_signin=\(cookie)", Self.field("csrf", in: page.text) ?? "")
    }

    /// Signs in and returns the answer (303 with the session cookie, or a refusal).
    func attemptSignIn(_ name: String, password: String = OpsWorld.password, extraCookie: String? = nil) throws -> TestResponse {
        let form = try signInForm()
        let cookie = [form.cookie, extraCookie].compactMap { $0 }.joined(separator: "; ")
        return try request("POST", "/ops/sign-in", cookie: cookie, form: [("csrf", form.csrf), ("name", name), ("password", password)])
    }

    /// A signed-in browser: its session cookie and the CSRF token its pages carry.
    func signIn(_ name: String) throws -> Operator {
        let answer = try attemptSignIn(name)
        guard answer.status == 303 else { throw TestClientError("sign-in answered \(answer.status)", code: 0) }
        let token = try Self.cookie("booknow_ops", in: answer)
        let cookie = "booknow_ops=\(token)"
        let overview = try request("GET", "/ops", cookie: cookie)
        return Operator(port: port, token: token, cookie: cookie, csrf: Self.field("csrf", in: overview.text) ?? "")
    }

    typealias Operator = SignedInBrowser

    static func cookie(_ name: String, in response: TestResponse) throws -> String { try PageForms.cookie(name, in: response) }

    static func field(_ name: String, in html: String) -> String? { PageForms.field(name, in: html) }

    /// A booking and a dead confirmation email for it, as a 550 would leave it.
    func deadConfirmation(hour: Int = 10, email: String = "ada@example.com") throws -> (booking: UUID, job: Int64) {
        let booked = try salon.store.book(salon.request(salon.at(hour), provider: salon.ava, email: email))
        let id = try salon.scalar(Int64.self, """
            INSERT INTO jobs (queue, kind, business_id, payload, state, attempt, finished_at, last_error_code, last_error)
            VALUES ('email', 'send_message', $1,
                    jsonb_build_object('booking_id', $2::text, 'booking_version', '1', 'message', 'booking_confirmed', 'channel', 'email'),
                    'dead', 1, booknow_now(), 'smtp_550', '550 5.1.1 No such user')
            RETURNING id
            """, [salon.seeded.businessID, booked.booking.id.uuidString.lowercased()])
        try salon.pool.withConnection {
            try $0.execute("""
                INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, error, provider_reply, duration_ms)
                VALUES ($1, 1, 'booknowd-test', booknow_now(), booknow_now(), 'dead', 'smtp_550', '550 5.1.1 No such user',
                        '550 5.1.1 No such user', 42)
                """, [id])
        }
        return (booked.booking.id, id)
    }

    func suppress(_ email: String) throws -> Int64 {
        try salon.scalar(Int64.self, "INSERT INTO suppressions (channel, recipient, reason) VALUES ('email', $1, 'hard_bounce') RETURNING id", [email])
    }

    func state(of job: Int64) throws -> String? {
        try salon.pool.withConnection { try $0.query("SELECT state FROM jobs WHERE id = $1", [job]).first?.decode(String.self, "state") }
    }

    func count(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try salon.scalar(Int.self, sql, parameters)
    }

    /// Moves `booknow_now()` by `seconds` from the database's current time.
    func moveClock(by seconds: Double) throws {
        try salon.pool.withConnection {
            try $0.execute("UPDATE booknow_clock SET test_offset = test_offset + make_interval(secs => $1)", [seconds])
        }
    }
}
