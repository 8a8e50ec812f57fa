import Foundation
import Testing
import TestSupport

/// The checks that need no database run at every start and in `--check-config`:
/// a daemon that would dead-letter every message refuses to start instead.
@Suite("booknowd refuses a missing or incomplete templates folder, at start and in --check-config")
struct StartupCheckTests {
    /// A copy of the repository's templates without `removed` (paths under it).
    static func templatesCopy(removing removed: [String]) throws -> URL {
        let copy = try TestEnvironment.scratchFolder().appendingPathComponent("templates")
        try FileManager.default.copyItem(at: try TestEnvironment.repository().appendingPathComponent("templates"), to: copy)
        for path in removed { try FileManager.default.removeItem(at: copy.appendingPathComponent(path)) }
        return copy
    }

    @Test(arguments: [["--check-config"], []])
    func aMissingTemplatesFolderExits78NamingIt(arguments: [String]) throws {
        let missing = try TestEnvironment.scratchFolder().appendingPathComponent("no-templates")
        // No database: the check comes before any connection.
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x", templates: missing)
        let daemon = try fixture.start(arguments: arguments)
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.output.contains("templates.directory") && daemon.output.contains("\(missing.path) does not exist"), "\(daemon.output)")
    }

    @Test(arguments: [["--check-config"], []])
    func anIncompleteTemplatesFolderExits78NamingTheMissingFiles(arguments: [String]) throws {
        let templates = try Self.templatesCopy(removing: ["en/reminder.sms.text.mustache", "en/layout.email.html.mustache"])
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x", templates: templates)
        let daemon = try fixture.start(arguments: arguments)
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.output.contains("\(templates.path) is incomplete"), "\(daemon.output)")
        // A required part, and a partial another template includes.
        #expect(daemon.output.contains("en/reminder.sms.text.mustache") && daemon.output.contains("en/layout.email.html.mustache"), "\(daemon.output)")
    }

    @Test func anotherLocaleMayBeIncompleteSinceItFallsBackToTheDefault() throws {
        let templates = try Self.templatesCopy(removing: ["es/reminder.sms.text.mustache"])
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x", templates: templates)
        let daemon = try fixture.start(arguments: ["--check-config"])
        #expect(daemon.wait(timeout: .seconds(30)) == 0, "\(daemon.output)")
    }

    @Test func checkConfigRefusesAMissingLinkKeyAsStartDoes() throws {
        let fixture = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x")
        let daemon = try fixture.start(environment: ["BOOKNOW_SECURITY_LINK_KEY_FILE": ""], arguments: ["--check-config"])
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.output.contains("security.link_key_file"), "\(daemon.output)")
    }

    @Test func checkConfigRefusesBadTransportsAndCreatesNoOutboxFolder() throws {
        let fixture = try DaemonFixture(
            databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x", extra: "[sms]\ntransport = twilio")
        let daemon = try fixture.start(arguments: ["--check-config"])
        #expect(daemon.wait(timeout: .seconds(30)) == 78)
        #expect(daemon.output.contains("sms.account_sid"), "\(daemon.output)")

        let good = try DaemonFixture(databaseURL: "postgresql://x@127.0.0.1:\(freePort())/x")
        let checked = try good.start(arguments: ["--check-config"])
        #expect(checked.wait(timeout: .seconds(30)) == 0, "\(checked.output)")
        #expect(!FileManager.default.fileExists(atPath: good.folder.appendingPathComponent("outbox").path))
    }
}
