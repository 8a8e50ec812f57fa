import Crypto
import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

@Suite("booknowd serves the provider callback routes from its configuration")
struct ReceiptRoutesWiringTests {
    @Test func aConfiguredEmailKeyEnablesEmailEventsWhileTwilioWithoutATokenAnswers404() throws {
        let db = try TestDatabase.create()
        defer { try? db.drop() }
        let folder = try TestEnvironment.scratchFolder()
        let keyFile = folder.appendingPathComponent("email-webhook-key")
        let key = "daemon-test-email-webhook-key"
        try (key + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let fixture = try DaemonFixture(databaseURL: db.url, extra: "[receipts]\nemail_webhook_key_file = \(keyFile.path)")
        let daemon = try fixture.start()
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.wait(timeout: .seconds(20))
        }
        #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")

        let body = #"{"events":[{"type":"bounce","recipient":"ada@example.com","message_id":"<m1@booknow.test>"}]}"#
        let timestamp = Int(Date().timeIntervalSince1970)
        let signature = "v1=" + Hex.encode(HMAC.sha256(key: Array(key.utf8), message: Array("\(timestamp).\(body)".utf8)))
        let events = try TestClient(port: fixture.port).request(
            "POST", "/v1/providers/email/events",
            headers: [("Content-Type", "application/json"), ("X-BookNow-Timestamp", String(timestamp)), ("X-BookNow-Signature", signature)],
            body: Array(body.utf8))
        #expect(events.status == 200, "\(events.text)")

        let twilio = try TestClient(port: fixture.port).request(
            "POST", "/v1/providers/twilio/status", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("MessageSid=SM1&MessageStatus=delivered".utf8))
        #expect(twilio.status == 404)
        #expect(twilio.json["code"] as? String == "not_configured")

        let metrics = try TestClient(port: fixture.port).request("GET", "/metrics")
        #expect(metrics.text.contains(#"booknow_suppressions_added_total{channel="email",reason="hard_bounce"} 1"#))
        #expect(!daemon.output.contains("ada@example.com"))
    }
}
