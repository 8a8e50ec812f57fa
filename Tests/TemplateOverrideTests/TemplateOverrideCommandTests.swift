import Foundation
import Testing
import TemplateOverrides
import TestSupport

@Suite("booknowctl templates set/show/history/rollback/reset, end to end")
struct TemplateOverrideCommandTests {
    static let commands = ["templates set", "templates show", "templates history", "templates rollback", "templates reset"]

    @Test(arguments: commands)
    func everyOverrideCommandHasHelp(command: String) throws {
        let result = try booknowctl(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.code == 0)
        #expect(result.output.contains("usage: booknowctl \(command)"))
    }

    @Test(arguments: [
        ["templates", "show", "--kind", "reminder", "--channel", "sms"],
        ["templates", "show", "--business", "nope", "--kind", "reminder", "--channel", "sms"],
        ["templates", "history", "--business", "6b1f0c51-0b5e-4a8e-9a57-0d3c8f1e2a10", "--kind", "memo", "--channel", "sms"],
        ["templates", "set", "--business", "6b1f0c51-0b5e-4a8e-9a57-0d3c8f1e2a10", "--kind", "reminder", "--channel", "sms", "--part", "subject=x"],
        ["templates", "rollback", "--business", "6b1f0c51-0b5e-4a8e-9a57-0d3c8f1e2a10", "--kind", "reminder", "--channel", "sms"],
        ["templates", "reset", "--business", "6b1f0c51-0b5e-4a8e-9a57-0d3c8f1e2a10", "--kind", "reminder", "--channel", "sms", "--locale", "EN!"],
    ])
    func malformedArgumentsExit64(arguments: [String]) throws {
        #expect(try booknowctl(arguments).code == 64)
    }

    @Test func anOverrideLifeCycleThroughTheTool() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let environment = [
                "BOOKNOW_DATABASE_URL": db.url,
                "BOOKNOW_TEMPLATES_DIRECTORY": try OverrideFixture.shippedTemplates().path,
            ]
            func run(_ words: [String]) throws -> (code: Int32, output: String) {
                try booknowctl(words, environment: environment)
            }
            let message = ["--business", business.uuidString, "--kind", "reminder", "--channel", "sms"]
            let folder = try TestEnvironment.scratchFolder()
            let good = folder.appendingPathComponent("good.mustache")
            try "Tool says hi {{customer.name}}\n".write(to: good, atomically: true, encoding: .utf8)
            let bad = folder.appendingPathComponent("bad.mustache")
            try "Tool says hi\n{{customer.nmae}}\n".write(to: bad, atomically: true, encoding: .utf8)

            #expect(try run(["templates", "show"] + message).output.contains("uses the default templates"))

            let set = try run(["templates", "set"] + message + ["--part", "text=\(good.path)", "--by", "alice"])
            #expect(set.code == 0, "\(set.output)")
            let show = try run(["--json", "templates", "show"] + message)
            #expect(show.code == 0)
            #expect(show.output.contains("\"version\" : 1") && show.output.contains("Tool says hi {{customer.name}}"), "\(show.output)")
            let preview = try run(["templates", "preview", "reminder", "--channel", "sms", "--business", business.uuidString])
            #expect(preview.code == 0)
            #expect(preview.output.contains("Tool says hi Jane Doe"), "\(preview.output)")

            let refused = try run(["templates", "set"] + message + ["--part", "text=\(bad.path)", "--by", "bob"])
            #expect(refused.code == 65)
            #expect(refused.output.contains("\(bad.path):2:1: error: unknown variable 'customer.nmae'"), "\(refused.output)")

            #expect(try run(["templates", "rollback"] + message + ["--version", "7"]).code == 65)
            #expect(try run(["templates", "set"] + message + ["--part", "text=\(good.path)", "--by", "carol"]).code == 0)
            #expect(try run(["templates", "rollback"] + message + ["--version", "1", "--by", "dave"]).code == 0)
            #expect(try run(["templates", "reset"] + message + ["--by", "erin"]).code == 0)

            let history = try run(["templates", "history"] + message)
            #expect(history.code == 0)
            let lines = history.output.split(separator: "\n")
            #expect(lines.count == 4, "\(history.output)")
            #expect(lines.first?.contains("alice") == true && lines.last?.contains("erin  reset") == true)
            #expect(lines[2].contains("rollback of v1"))

            let after = try run(["templates", "preview", "reminder", "--channel", "sms", "--business", business.uuidString])
            #expect(after.output.contains("Reminder from Bright Cuts") && after.output.contains("default templates"), "\(after.output)")
            #expect(try run(["templates", "show"] + message + ["--version", "3"]).code == 0)
            #expect(try run(["templates", "history", "--business", UUID().uuidString, "--kind", "reminder", "--channel", "sms"]).code == 0)
            #expect(try run(["templates", "preview", "reminder", "--channel", "sms", "--business", UUID().uuidString]).code == 65)
        }
    }
}
