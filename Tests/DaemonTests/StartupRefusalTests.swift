import Foundation
import Testing
import TestSupport

@Suite("booknowd refuses to start on bad configuration or an unusable schema, with the right exit code")
struct StartupRefusalTests {
    @Test func badConfigurationExits78NamingFileLineAndKey() throws {
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:1/x", extra: "[log]\nlevel = loud")
        let daemon = try fixture.start(arguments: ["--check-config"])
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.output.contains("\(fixture.configURL.path):7"), "\(daemon.output)")
        #expect(daemon.output.contains("log.level"))
    }

    @Test func aGoodConfigurationChecksOut() throws {
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:1/x")
        let daemon = try fixture.start(arguments: ["--check-config"])
        #expect(daemon.wait(timeout: .seconds(30)) == 0)
    }

    @Test func unknownArgumentsExit64() throws {
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:1/x")
        let daemon = try fixture.start(arguments: ["--frobnicate"])
        #expect(daemon.wait(timeout: .seconds(30)) == 64)
    }

    @Test func anUnmigratedDatabaseExits78NamingBothVersions() throws {
        try TestDatabase.with(migrated: false) { db in
            let fixture = try DaemonFixture(databaseURL: db.url)
            let daemon = try fixture.start()
            #expect(daemon.wait(timeout: .seconds(30)) == 78)
            #expect(daemon.output.contains("version 0") && daemon.output.contains("booknowctl migrate"), "\(daemon.output)")
        }
    }

    @Test func anUnreachableDatabaseExits69() throws {
        let fixture = try DaemonFixture(databaseURL: "postgresql://booknow@127.0.0.1:\(freePort())/none")
        let daemon = try fixture.start()
        #expect(daemon.wait(timeout: .seconds(30)) == 69)
        #expect(daemon.output.contains("database unavailable"))
    }

    @Test func aClockOffsetIsRefusedUnlessTheConfigurationIsATestOne() throws {
        try TestDatabase.with { db in
            let plain = try DaemonFixture(databaseURL: db.url)
            let refused = try booknowctl(["--config", plain.configURL.path, "clock", "set", "30m"])
            #expect(refused.code == 78 && refused.output.contains("testing.allow_clock_offset"), "\(refused.output)")

            let testing = try DaemonFixture(databaseURL: db.url, extra: "[testing]\nallow_clock_offset = true")
            let accepted = try booknowctl(["--config", testing.configURL.path, "clock", "set", "30m"])
            #expect(accepted.code == 0, "\(accepted.output)")

            // A production daemon must not run on shifted time.
            let daemon = try plain.start()
            #expect(daemon.wait(timeout: .seconds(30)) == 78)
        }
    }
}
