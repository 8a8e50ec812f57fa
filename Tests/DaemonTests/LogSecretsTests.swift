import Booking
import Foundation
import Glibc
import Postgres
import Testing
import TestSupport

/// booknowd at debug level, its log captured from standard error: after
/// booking, managing, cancelling and admin calls (with a wrong key too) and
/// the worker sending the messages, no secret appears in any log line.
@Suite("booknowd logs no key, token, password or link key")
struct LogSecretsTests {
    static let databasePassword = "db-Pw-7f3a9c1e5b"
    static let smtpPassword = "smtp-Pw-2b8d4e6f0a"
    static let smsToken = "sms-Tok-9c1e5b7f3a"

    @Test func aFullFlowLeavesNoSecretInTheLog() throws {
        try TestDatabase.with { db in
            let (seeded, admin) = try db.makePool(size: 1).withTransaction { connection in
                let seeded = try DemoSalon.seed(on: connection)
                return (seeded, try APIKeyStore.create(business: seeded.businessID, scope: .admin, on: connection).secret)
            }
            let scratch = try TestEnvironment.scratchFolder()
            let files = ["db-password": Self.databasePassword, "smtp-password": Self.smtpPassword, "sms-token": Self.smsToken]
            for (name, secret) in files { try secret.write(to: scratch.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let (dbFile, smtpFile, smsFile) = (scratch.appendingPathComponent("db-password"), scratch.appendingPathComponent("smtp-password"),
                                               scratch.appendingPathComponent("sms-token"))
            // PostgreSQL trusts loopback here, so the password is ignored by the server but handled by the daemon.
            let fixture = try DaemonFixture(databaseURL: db.url + "\npassword_file = \(dbFile.path)", extra: """
                [log]
                level = debug
                [worker]
                poll_interval = 1s
                [smtp]
                username = mailer
                password_file = \(smtpFile.path)
                [sms]
                account_sid = AC123
                auth_token_file = \(smsFile.path)
                """)
            let daemon = try fixture.start()
            #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
            let token = try Self.runFlow(port: fixture.port, publicKey: seeded.publicKey, adminKey: admin, location: seeded.locationIDs[0],
                                         service: seeded.serviceIDs[0])
            let outbox = fixture.folder.appendingPathComponent("outbox")
            let sent = ChildProcess.eventually(timeout: .seconds(60)) {
                ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).contains { $0.hasSuffix(".eml") }
            }
            #expect(sent, "the worker sent nothing: \(daemon.output.suffix(3000))")
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(30)) == 0)

            let log = daemon.output
            #expect(log.contains("listening") && log.split(separator: "\n").count > 5, "the log is not what the test expects: \(log)")
            let wrongKey = String(admin.dropLast(4)) + "AAAA"
            let secrets = [seeded.publicKey, admin, wrongKey, token, TestKeys.linkKey, Self.databasePassword, Self.smtpPassword, Self.smsToken]
            for secret in secrets + [seeded.publicKey, admin, token].map({ String($0.suffix(24)) }) {
                #expect(!log.contains(secret), "the log holds a secret (…\(secret.suffix(4)))")
            }
            // One line per message outcome, with its ids and never the customer's details.
            let messageLines = log.split(separator: "\n").filter { $0.contains("msg=\"message ") }
            #expect(messageLines.contains { $0.contains("msg=\"message sent\"") }, "no per-message line: \(log.suffix(3000))")
            #expect(messageLines.allSatisfy { line in ["job=", "kind=", "channel=", "business=", "attempt=", "reply_code="].allSatisfy(line.contains) })
            for personal in ["ada@example.com", "Lovelace", "4155550100"] {
                #expect(!log.contains(personal), "the log holds personal data (\(personal))")
            }
        }
    }

    /// Books, looks, reschedules and cancels with the public key; lists,
    /// changes and previews with the admin key; knocks with a wrong key.
    /// Returns the booking's manage token.
    static func runFlow(port: UInt16, publicKey: String, adminKey: String, location: UUID, service: UUID) throws -> String {
        func call(_ method: String, _ path: String, key: String, _ body: [String: Any]? = nil) throws -> TestResponse {
            var headers = [("Authorization", "Bearer \(key)")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
            return try TestClient(port: port).request(method, path, headers: headers, body: bytes)
        }
        let providers = try call("GET", "/v1/providers?location=\(location)", key: publicKey).json["data"] as? [[String: Any]] ?? []
        let provider = try #require(providers.first?["id"] as? String)
        let zone = TimeZone(identifier: "America/New_York")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var day = calendar.startOfDay(for: Date().addingTimeInterval(3 * 86_400))
        while calendar.component(.weekday, from: day) != 2 { day = calendar.date(byAdding: .day, value: 1, to: day)! }
        let at = { (hour: Int) in calendar.date(byAdding: .hour, value: hour, to: day)!.formatted(.iso8601) }
        let booked = try call("POST", "/v1/bookings", key: publicKey, [
            "service": service.uuidString, "location": location.uuidString, "provider": provider, "start": at(10),
            "customer": ["name": "Ada Lovelace", "email": "ada@example.com", "phone": "+14155550100", "consent_email": true, "consent_sms": true],
        ])
        let token = try #require(booked.json["manage_token"] as? String, "\(booked.text)")
        #expect(try call("GET", "/v1/manage/\(token)", key: publicKey).status == 200)
        #expect(try call("POST", "/v1/manage/\(token)/reschedule", key: publicKey, ["start": at(11)]).status == 200)
        #expect(try call("POST", "/v1/manage/\(token)/cancel", key: publicKey, ["reason": "changed plans"]).status == 200)
        #expect(try call("GET", "/v1/manage/\(token)x", key: publicKey).status == 404)
        #expect(try call("GET", "/v1/admin/bookings", key: adminKey).status == 200)
        #expect(try call("PATCH", "/v1/admin/policies", key: adminKey, ["min_notice_minutes": 30]).status == 200)
        #expect(try call("POST", "/v1/admin/locations", key: adminKey, ["name": "Uptown", "time_zone": "America/New_York"]).status == 201)
        #expect(try call("GET", "/v1/admin/templates/booking_confirmed/email/en/preview", key: adminKey).status == 200)
        #expect(try call("GET", "/v1/admin/bookings", key: String(adminKey.dropLast(4)) + "AAAA").status == 401)
        return token
    }
}
