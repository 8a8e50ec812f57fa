import Foundation
import Postgres
import Testing
import TestSupport

/// The conventions every `booknowctl` command keeps: config discovery, groups that
/// list their commands, `--json` with snake_case keys, sysexits codes, output
/// that says what happened.
@Suite("booknowctl finds its configuration, explains itself and exits with sysexits codes")
struct OperatorConventionsTests {
    /// A scratch folder holding `booknowd.conf` with `text`.
    private func configFolder(_ text: String) throws -> URL {
        let folder = try TestEnvironment.scratchFolder()
        try text.write(to: folder.appendingPathComponent("booknowd.conf"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The environment of a machine with no configuration anywhere but what a test adds.
    private func bare(_ extra: [String: String] = [:]) throws -> [String: String] {
        ["BOOKNOW_CONFIG": "", "BOOKNOW_STATE_DIR": try TestEnvironment.scratchFolder().path].merging(extra) { $1 }
    }

    @Test func withoutConfigTheVariableThenTheStateFolderIsRead() throws {
        try TestDatabase.with { db in
            let folder = try configFolder("[database]\nurl = \(db.url)\n")
            let file = folder.appendingPathComponent("booknowd.conf").path
            #expect(try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_CONFIG": file])).code == 0)
            let state = try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_STATE_DIR": folder.path]))
            #expect(state.code == 0, "\(state.output)")
            // A named file that does not exist stops the tool (78) rather than falling back.
            #expect(try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_CONFIG": file + ".typo"])).code == 78)
            // BOOKNOW_DATABASE_URL still overrides the discovered file.
            let broken = try configFolder("[database]\nurl = postgresql://nobody@127.0.0.1:\(freePort())/none\n")
            let overridden = try booknowctl(["migrate", "--status"],
                                            environment: try bare(["BOOKNOW_STATE_DIR": broken.path, "BOOKNOW_DATABASE_URL": db.url]))
            #expect(overridden.code == 0, "\(overridden.output)")
        }
    }

    @Test func booknowdReportsWhichFileItChose() throws {
        // Everything --check-config checks at start must be there: the link key, the templates, the outbox folder.
        let secrets = try TestEnvironment.scratchFolder()
        let key = secrets.appendingPathComponent("link-key")
        try "0123456789abcdef0123456789abcdef".write(to: key, atomically: true, encoding: .utf8)
        let templates = try TestEnvironment.repository().appendingPathComponent("templates").path
        let folder = try configFolder("""
            [http]
            port = \(freePort())
            [security]
            link_key_file = \(key.path)
            [templates]
            directory = \(templates)
            [outbox]
            directory = \(secrets.path)

            """)
        let daemon = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowd").path, ["--check-config"],
                                      environment: try bare(["BOOKNOW_STATE_DIR": folder.path]),
                                      log: folder.appendingPathComponent("check.log"))
        #expect(daemon.wait(timeout: .seconds(30)) == 0)
        #expect(daemon.output.contains("\(folder.path)/booknowd.conf (from development state folder)"), "\(daemon.output)")
    }

    @Test(arguments: [("dead", "dead replay"), ("jobs", "jobs show"), ("queues", "queues pause"), ("templates", "templates lint"),
                      ("keys", "keys create"), ("business", "business disable"), ("suppressions", "suppressions remove")])
    func aGroupAloneListsItsCommandsAndExits64(group: String, member: String) throws {
        let result = try booknowctl([group])
        #expect(result.code == 64, "\(result.output)")
        #expect(result.output.contains("usage: booknowctl \(group) COMMAND") && result.output.contains(member), "\(result.output)")
        #expect(!result.output.contains("unknown command"))
        #expect(try booknowctl([group, "--help"]).code == 0)
        let typo = try booknowctl([group, "frobnicate"])
        #expect(typo.code == 64 && typo.output.contains("unknown command '\(group) frobnicate'") && typo.output.contains("\(group) "))
    }

    @Test func aMissingDatabaseIsAConfigurationError78AndAnUnreachableServer69() throws {
        try TestDatabase.with { db in
            let missing = db.url.replacingOccurrences(of: "/\(db.name)", with: "/no_such_database_here")
            let ctl = try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_DATABASE_URL": missing]))
            #expect(ctl.code == 78 && ctl.output.contains("does not exist"), "\(ctl.output)")
            let fixture = try DaemonFixture(databaseURL: missing)
            let daemon = try fixture.start()
            #expect(daemon.wait(timeout: .seconds(30)) == 78, "\(daemon.output)")
        }
        let down = try booknowctl(["migrate"], environment: try bare(["BOOKNOW_DATABASE_URL": "postgresql://x@127.0.0.1:\(freePort())/x"]))
        #expect(down.code == 69)
    }

    @Test func aWrongOrMissingPasswordIs78ForBothPrograms() throws {
        // A cluster of this test's own that asks for passwords over TCP (as scripts/run's does).
        let scratch = try TestEnvironment.scratchFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path)
        let dir = scratch.appendingPathComponent("pg").path
        let right = scratch.appendingPathComponent("right"), wrong = scratch.appendingPathComponent("wrong")
        try "right-password".write(to: right, atomically: true, encoding: .utf8)
        try "wrong-password".write(to: wrong, atomically: true, encoding: .utf8)
        let script = try TestEnvironment.repository().appendingPathComponent("scripts/pg-cluster").path
        let port = freePort()
        try #require(runProgram("/bin/bash", [script, "init", dir, right.path]) == 0)
        try #require(runProgram("/bin/bash", [script, "start", dir, String(port)]) == 0)
        defer { _ = runProgram("/bin/bash", [script, "stop", dir]) }

        let url = "postgresql://booknow@127.0.0.1:\(port)/postgres"
        let good = try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_DATABASE_URL": url, "BOOKNOW_DATABASE_PASSWORD_FILE": right.path]))
        #expect(good.code == 0, "\(good.output)")
        for password in [wrong.path, ""] {
            let refused = try booknowctl(["migrate", "--status"], environment: try bare(["BOOKNOW_DATABASE_URL": url, "BOOKNOW_DATABASE_PASSWORD_FILE": password]))
            #expect(refused.code == 78 && refused.output.contains("database.password_file"), "\(refused.output)")
            #expect(!refused.output.contains("wrong-password") && !refused.output.contains("right-password"))
        }
        let fixture = try DaemonFixture(databaseURL: url)
        let daemon = try fixture.start(environment: ["BOOKNOW_DATABASE_PASSWORD_FILE": wrong.path])
        #expect(daemon.wait(timeout: .seconds(30)) == 78, "\(daemon.output)")
        #expect(daemon.output.contains("database refused the connection"))
    }

    @Test func sendTestSaysWhatHappenedAndWhereAndATransportMisconfigurationIs78() throws {
        let outbox = try TestEnvironment.scratchFolder()
        let sent = try booknowctl(["send-test", "--email", "ops@example.com"], environment: try bare(["BOOKNOW_OUTBOX_DIRECTORY": outbox.path]))
        #expect(sent.code == 0, "\(sent.output)")
        #expect(sent.output.contains("transport:  outbox (\(outbox.path))") && sent.output.contains("recipient:  ops@example.com"), "\(sent.output)")
        #expect(sent.output.contains("reply:      written to email-") && !sent.output.contains("delivered 0"))
        let json = try booknowctl(["--json", "send-test", "--sms", "+14155550100"], environment: try bare(["BOOKNOW_OUTBOX_DIRECTORY": outbox.path]))
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(answer["transport"] as? String == "outbox" && answer["recipient"] as? String == "+14155550100" && answer["reply_code"] != nil)

        let twilio = try booknowctl(["send-test", "--sms", "+14155550100"], environment: try bare(["BOOKNOW_SMS_TRANSPORT": "twilio"]))
        #expect(twilio.code == 78 && twilio.output.contains("sms.account_sid"), "\(twilio.output)")
        let smtp = try booknowctl(["send-test", "--email", "ops@example.com"],
                                  environment: try bare(["BOOKNOW_EMAIL_TRANSPORT": "smtp", "BOOKNOW_EMAIL_FROM_ADDRESS": "not an address"]))
        #expect(smtp.code == 78, "\(smtp.output)")
    }

    @Test func keysCreateLabelsTheSecretAndRefusedClockSetSaysNothingChanged() throws {
        try TestDatabase.with { db in
            let environment = try bare(["BOOKNOW_DATABASE_URL": db.url])
            let created = try booknowctl(["--json", "business", "create", "Clinic", "--time-zone", "Europe/Berlin"], environment: environment)
            let business = try #require((try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])?["id"] as? String)
            let key = try booknowctl(["keys", "create", "--business", business, "--scope", "public"], environment: environment)
            let line = key.output.split(separator: "\n").first { $0.hasPrefix("secret: bk_pub_") }
            #expect(line?.hasSuffix("(shown once; store it now)") == true, "\(key.output)")

            let clock = try booknowctl(["clock", "set", "30m"], environment: environment)
            #expect(clock.code == 78 && clock.output.contains("nothing was changed"), "\(clock.output)")
            #expect(try db.connect().query("SELECT test_offset = '0'::interval AS zero FROM booknow_clock")[0].decode(Bool.self, "zero"))
        }
    }

    @Test func jsonIsHonouredWithSnakeCaseKeys() throws {
        try TestDatabase.with { db in
            let environment = try bare(["BOOKNOW_DATABASE_URL": db.url])
            let shipped = try TestEnvironment.repository().appendingPathComponent("templates").path
            var outputs: [String: String] = [:]
            for command in [["templates", "lint", shipped + "/en"], ["templates", "preview", "booking_confirmed", "--channel", "sms"],
                            ["jobs", "stats"], ["queues", "list"], ["dead", "list"], ["suppressions", "list"], ["migrate", "--status"],
                            ["clock", "show"], ["business", "list"]] {
                let result = try booknowctl(["--json"] + command,
                                            environment: environment.merging(["BOOKNOW_TEMPLATES_DIRECTORY": shipped]) { $1 })
                #expect(result.code == 0, "\(command): \(result.output)")
                outputs[command.joined(separator: " ")] = result.output
                let keys = try CLIJSON.keys(result.output)
                #expect(keys.allSatisfy(CLIJSON.isSnakeCase), "\(command): \(keys.filter { !CLIJSON.isSnakeCase($0) })")
            }
            #expect(try CLIJSON.keys(outputs["templates lint \(shipped)/en"] ?? "").isSuperset(of: ["problems", "errors"]))
            #expect(try CLIJSON.keys(outputs["jobs stats"] ?? "").contains("oldest_due_lateness_seconds"))
        }
    }
}
