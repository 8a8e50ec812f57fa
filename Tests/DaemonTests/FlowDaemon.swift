import Foundation
import HTTPServer
import Postgres
import TestSupport

/// `booknowd` as a subprocess with its real peers: aiosmtpd for email, the
/// local Twilio-style endpoint for SMS, a database of the test's own with the
/// demo salon, and a test configuration that may move `booknow_now()`.
struct FlowDaemon {
    let database: TestDatabase
    let fixture: DaemonFixture
    let smtp: PeerProcess
    let sms: PeerProcess
    let daemon: ChildProcess
    let publicKey: String
    static let authToken = "sms-auth-token-for-tests"

    /// - Parameters:
    ///   - worker: lines added to `[worker]`.
    ///   - smtpPort: where the daemon sends email instead of the SMTP peer.
    static func with(worker: String = "", smtpPort: Int? = nil, _ body: (FlowDaemon) throws -> Void) throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let smtp = try PeerProcess("smtp_peer.py")
        let sms = try PeerProcess("sms_peer.py")
        let tokenFile = try TestEnvironment.scratchFolder().appendingPathComponent("sms-token")
        try authToken.write(to: tokenFile, atomically: true, encoding: .utf8)
        let fixture = try DaemonFixture(databaseURL: database.url, extra: """
            [testing]
            allow_clock_offset = true
            [worker]
            poll_interval = 1s
            \(worker)
            [email]
            transport = smtp
            [smtp]
            url = smtp://127.0.0.1:\(smtpPort ?? smtp.port)
            require_tls = false
            [sms]
            transport = twilio
            base_url = http://127.0.0.1:\(sms.port)
            account_sid = ACtest
            auth_token_file = \(tokenFile.path)
            from = +15550000000
            """)
        let seed = try booknowctl(["--config", fixture.configURL.path, "demo", "seed"])
        guard let key = seed.output.components(separatedBy: .whitespacesAndNewlines).first(where: { $0.hasPrefix("bk_pub_") }) else {
            throw TestClientError("demo seed printed no key: \(seed.output)", code: 0)
        }
        let daemon = try fixture.start()
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.wait(timeout: .seconds(30))
        }
        guard fixture.waitUntilListening(daemon) else { throw TestClientError("booknowd did not start: \(daemon.output)", code: 0) }
        try body(FlowDaemon(database: database, fixture: fixture, smtp: smtp, sms: sms, daemon: daemon, publicKey: key))
    }

    /// Calls the API with the salon's public key.
    func call(_ method: String, _ path: String, json: [String: Any]? = nil) throws -> TestResponse {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }.map { Array($0) } ?? []
        return try TestClient(port: fixture.port).request(method, path, headers: [
            ("Authorization", "Bearer \(publicKey)"), ("Content-Type", "application/json"),
        ], body: body)
    }

    func firstID(_ path: String, named name: String) throws -> String {
        let list = try call("GET", path).json["data"] as? [[String: Any]] ?? []
        return list.first { $0["name"] as? String == name }?["id"] as? String ?? ""
    }

    /// Books a Haircut with Ava at Downtown at `start`; returns the answer's JSON.
    func book(_ start: Date, email: String, phone: String? = "+14155550100") throws -> [String: any Sendable] {
        let location = try firstID("/v1/locations", named: "Downtown")
        let service = try firstID("/v1/services", named: "Haircut")
        let provider = try firstID("/v1/providers?location=\(location)", named: "Ava")
        var customer: [String: Any] = ["name": "Ada Lovelace", "email": email, "locale": "en", "consent_email": true]
        if let phone { customer["phone"] = phone; customer["consent_sms"] = true }
        let answer = try call("POST", "/v1/bookings", json: [
            "service": service, "location": location, "provider": provider,
            "start": ISO8601DateFormatter().string(from: start), "customer": customer,
        ])
        guard answer.status == 201 else { throw TestClientError("booking answered \(answer.status): \(answer.text)", code: 0) }
        return answer.json
    }

    /// A weekday at `hour`:00 in New York, at least `days` ahead (the salon's hours).
    func slot(hour: Int, daysAhead days: Int = 3) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        var day = calendar.startOfDay(for: Date().addingTimeInterval(Double(days) * 86_400))
        while [1, 7].contains(calendar.component(.weekday, from: day)) { day = day.addingTimeInterval(86_400) }
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day)!
    }

    /// Moves the database clock so that it reads `instant` (the daemon follows within a second).
    func setClock(to instant: Date) throws {
        let offset = max(0, Int(instant.timeIntervalSinceNow.rounded()))
        let result = try booknowctl(["--config", fixture.configURL.path, "clock", "set", "\(offset)s"])
        guard result.code == 0 else { throw TestClientError("clock set failed: \(result.output)", code: 0) }
    }

    /// Waits until a `plan_reminders` run has finished after this call.
    func waitForPlanning() throws -> Bool {
        let connection = try database.connect()
        let query = "SELECT count(*)::int FROM jobs WHERE kind = 'plan_reminders' AND state = 'succeeded'"
        let before = try connection.query(query)[0].decode(Int.self, at: 0)
        return eventually { ((try? connection.query(query)[0].decode(Int.self, at: 0)) ?? 0) > before }
    }

    /// Every message the SMTP server accepted, decoded.
    func mails() -> [String] {
        ((try? smtp.files(withExtension: "json")) ?? []).compactMap { url in
            guard let data = try? Data(contentsOf: url),
                  let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let raw = (record["data"] as? String).flatMap({ Data(base64Encoded: $0) }) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
    }

    /// Every SMS request the provider endpoint received, as its logged text.
    func texts() -> [String] {
        ((try? sms.files(withExtension: "json")) ?? []).compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// Waits until `condition` holds; generous, so only a real failure fails.
    func eventually(_ condition: () -> Bool) -> Bool {
        ChildProcess.eventually(timeout: .seconds(90), condition)
    }
}

extension String {
    /// Base64 calendar parts decoded, for searching an email's invite.
    var calendarText: String {
        guard let part = components(separatedBy: "Content-Type: text/calendar").dropFirst().first,
              let body = part.components(separatedBy: "\r\n\r\n").dropFirst().first?.components(separatedBy: "--").first,
              let data = Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
