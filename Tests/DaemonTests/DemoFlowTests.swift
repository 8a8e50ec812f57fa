import Foundation
import Glibc
import Testing
import TestSupport

@Suite("End to end: booknowd sends what booknowctl demo books")
struct DemoFlowTests {
    /// The daemon as a subprocess on its own database, the operator tool
    /// booking through the same database, messages landing in the outbox.
    @Test func theDemoProducesAConfirmationAndACancellationNotice() throws {
        try TestDatabase.with { db in
            let fixture = try DaemonFixture(databaseURL: db.url, extra: "[worker]\npoll_interval = 1s")
            let daemon = try fixture.start()
            #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
            let demo = try booknowctl(["--config", fixture.configURL.path, "demo"])
            #expect(demo.code == 0, "\(demo.output)")

            let outbox = fixture.folder.appendingPathComponent("outbox")
            func subjects() -> [String] {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
                return names.filter { $0.hasSuffix(".eml") }.compactMap { name in
                    (try? String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8))?
                        .components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") }
                }
            }
            let arrived = ChildProcess.eventually(timeout: .seconds(60)) {
                let seen = subjects()
                return seen.contains { $0.contains("Booked") } && seen.contains { $0.contains("Cancelled") }
            }
            #expect(arrived, "subjects: \(subjects()); daemon: \(daemon.output)")
            let texts = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path))?.filter { $0.hasSuffix(".json") } ?? []
            #expect(!texts.isEmpty)
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(30)) == 0)
        }
    }
}
