import Foundation
import Glibc
import Postgres
import Testing
import TestSupport

@Suite("End to end: booknowd sends what booknowctl demo books")
struct DemoFlowTests {
    /// The daemon as a subprocess on its own database, the operator tool
    /// booking through the same database, messages landing in the outbox.
    @Test func theDemoProducesAConfirmationACancellationNoticeAndAWaitlistOffer() throws {
        try TestDatabase.with { db in
            let fixture = try DaemonFixture(databaseURL: db.url, extra: "[worker]\npoll_interval = 1s")
            let daemon = try fixture.start()
            #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
            let demo = try booknowctl(["--config", fixture.configURL.path, "demo"])
            #expect(demo.code == 0, "\(demo.output)")

            func subjects() -> [String] { fixture.outboxSubjects() }
            let arrived = ChildProcess.eventually(timeout: .seconds(60)) {
                let seen = subjects()
                return seen.contains { $0.contains("Booked") } && seen.contains { $0.contains("Cancelled") }
                    && seen.contains { $0.contains("A slot opened up") }
            }
            #expect(arrived, "subjects: \(subjects()); daemon: \(daemon.output)")
            let texts = (try? FileManager.default.contentsOfDirectory(atPath: fixture.outbox.path))?.filter { $0.hasSuffix(".json") } ?? []
            #expect(!texts.isEmpty)
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(30)) == 0)
        }
    }
}

@Suite("A template override saved while booknowd runs is used for the next message")
struct TemplateOverrideFollowTests {
    @Test func theDaemonPicksUpAnOverrideWithoutARestart() throws {
        try TestDatabase.with { db in
            let fixture = try DaemonFixture(databaseURL: db.url, extra: "[worker]\npoll_interval = 1s")
            let daemon = try fixture.start()
            #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
            func subjects() -> [String] { fixture.outboxSubjects() }
            // The first confirmation fills the daemon's template cache.
            #expect(try booknowctl(["--config", fixture.configURL.path, "demo"]).code == 0)
            #expect(ChildProcess.eventually(timeout: .seconds(60)) { subjects().contains { $0.contains("Booked") } })

            let business = try db.connect().query("SELECT id::text FROM businesses")[0].decode(String.self, at: 0)
            let subject = fixture.folder.appendingPathComponent("subject.mustache")
            let text = fixture.folder.appendingPathComponent("text.mustache")
            try "See you at {{location.name}}!".write(to: subject, atomically: true, encoding: .utf8)
            try "Hello {{customer.name}}, you are booked.".write(to: text, atomically: true, encoding: .utf8)
            let set = try booknowctl(["--config", fixture.configURL.path, "templates", "set", "--business", business,
                                      "--kind", "booking_confirmed", "--channel", "email",
                                      "--part", "subject=\(subject.path)", "--part", "text=\(text.path)"])
            #expect(set.code == 0, "\(set.output)")

            #expect(try booknowctl(["--config", fixture.configURL.path, "demo"]).code == 0)
            let arrived = ChildProcess.eventually(timeout: .seconds(60)) { subjects().contains { $0.contains("See you at Downtown!") } }
            #expect(arrived, "subjects: \(subjects())")
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(30)) == 0)
        }
    }
}
