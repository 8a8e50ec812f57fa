import Foundation
import Testing
import TestSupport

@Suite("booknowctl answers usage errors with 64 and has --help on every command")
struct OperatorToolTests {
    @Test(arguments: [["frobnicate"], ["migrate", "extra"], ["clock", "sideways"], ["--config"], ["demo", "seed", "twice"],
                      ["business", "create", "Salon"], ["business", "disable", "--business", "nope"],
                      ["keys", "create", "--business", "00000000-0000-0000-0000-000000000000", "--scope", "root"], ["keys", "list"],
                      ["keys", "revoke", "--business", "00000000-0000-0000-0000-000000000000"]])
    func usageErrorsExit64(arguments: [String]) throws {
        #expect(try booknowctl(arguments).code == 64)
    }

    @Test(arguments: ["migrate", "clock", "send-test", "templates lint", "templates preview", "templates set", "templates show",
                      "templates history", "templates rollback", "templates reset", "demo seed", "demo", "business create",
                      "business list", "business disable", "keys create", "keys list", "keys revoke"])
    func everyCommandHasHelp(command: String) throws {
        let result = try booknowctl(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.code == 0)
        #expect(result.output.contains("usage: booknowctl \(command)"))
    }

    @Test func migrateStatusListsAppliedMigrationsAsJSON() throws {
        try TestDatabase.with { db in
            let result = try booknowctl(["--json", "migrate", "--status"], environment: ["BOOKNOW_DATABASE_URL": db.url])
            #expect(result.code == 0)
            #expect(result.output.contains("\"applied\" : true"))
        }
    }

    @Test func anUnreachableDatabaseExits69() throws {
        let result = try booknowctl(["migrate"], environment: ["BOOKNOW_DATABASE_URL": "postgresql://x@127.0.0.1:\(freePort())/x"])
        #expect(result.code == 69)
    }

    @Test func templateLintPassesTheShippedTemplatesAndFlagsABrokenOneWithItsPosition() throws {
        let shipped = try TestEnvironment.repository().appendingPathComponent("templates").path
        #expect(try booknowctl(["templates", "lint", shipped + "/en", shipped + "/es"]).code == 0)

        let folder = try TestEnvironment.scratchFolder().appendingPathComponent("en")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let broken = folder.appendingPathComponent("reminder.sms.text.mustache")
        try "Hi {{customer.name}}\n{{#appointment}}".write(to: broken, atomically: true, encoding: .utf8)
        let result = try booknowctl(["templates", "lint", broken.path])
        #expect(result.code == 65)
        #expect(result.output.contains("\(broken.path):2:"), "\(result.output)")
    }

    @Test func templatePreviewRendersSampleData() throws {
        let shipped = try TestEnvironment.repository().appendingPathComponent("templates").path
        let result = try booknowctl(["templates", "preview", "booking_confirmed", "--channel", "email"],
                                    environment: ["BOOKNOW_TEMPLATES_DIRECTORY": shipped])
        #expect(result.code == 0)
        #expect(result.output.contains("--- subject ---") && result.output.contains("--- html ---"))
    }

    @Test func sendTestWritesToTheOutboxAndReportsAnUnreachableServerAs69() throws {
        let outbox = try TestEnvironment.scratchFolder()
        let email = try booknowctl(["send-test", "--email", "ops@example.com"], environment: ["BOOKNOW_OUTBOX_DIRECTORY": outbox.path])
        #expect(email.code == 0, "\(email.output)")
        let sms = try booknowctl(["send-test", "--sms", "+14155550100"], environment: ["BOOKNOW_OUTBOX_DIRECTORY": outbox.path])
        #expect(sms.code == 0, "\(sms.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
        #expect(files.contains { $0.hasSuffix(".eml") } && files.contains { $0.hasSuffix(".json") })

        let down = try booknowctl(["send-test", "--email", "ops@example.com"],
                                  environment: ["BOOKNOW_EMAIL_TRANSPORT": "smtp", "BOOKNOW_SMTP_URL": "smtp://127.0.0.1:\(freePort())"])
        #expect(down.code == 69, "\(down.output)")
        #expect(try booknowctl(["send-test", "--sms", "not-a-number"]).code == 64)
    }
}
