import Delivery
import Foundation
import Testing

@Suite("Outbox transport")
struct OutboxTransportTests {
    @Test("emails become .eml files with the composed bytes; SMS become .json; no temporary file is left")
    func writesFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try OutboxTransport(settings: OutboxSettings(directory: folder.path))
        let email = try Fixtures.email(jobID: "j-1", calendar: try Fixtures.invite())
        let emailResult = outbox.deliver(.email(email))
        let smsResult = outbox.deliver(.sms(try Fixtures.sms(to: "+15550001234", key: "j-2")))
        #expect(emailResult.outcome == .delivered && smsResult.outcome == .delivered)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["email-booknow.j-1_booknow.example.eml", "sms-j-2.json"])
        let eml = try Data(contentsOf: folder.appendingPathComponent(names[0]))
        #expect([UInt8](eml) == email.rendered())
        let sms = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(names[1])))
        #expect((sms as? [String: Any])?["to"] as? String == "+15550001234")
        // The same job again replaces its file rather than adding one.
        _ = outbox.deliver(.email(email))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 2)
    }

    @Test("an unwritable outbox is a channel fault")
    func unwritable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        let outbox = try OutboxTransport(settings: OutboxSettings(directory: folder.path))
        try FileManager.default.removeItem(at: folder)
        let result = outbox.deliver(.sms(try Fixtures.sms(to: "+15550001234")))
        #expect(result.outcome == .channelFault)
    }
}
