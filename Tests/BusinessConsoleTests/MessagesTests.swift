import Vocabulary
import Booking
@testable import BusinessConsole
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The message editor: lint with positions refuses a save, preview renders
/// the sample data without storing, versions roll back and reset, all
/// scoped to the admin's business, and a hostile template never hangs.
@Suite("Business console messages")
struct MessagesTests {
    static let path = "/console/messages/reminder/email/en"

    func versions(_ world: ConsoleWorld, _ business: UUID) throws -> Int {
        try world.count("SELECT count(*)::int FROM message_template_versions WHERE business_id = $1", [business])
    }

    @Test func theListAndTheEditorStartFromTheDefaults() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let list = try owner.get("/console/messages")
            #expect(list.status == 200 && list.text.components(separatedBy: "href=\"/console/messages/").count - 1 == 28)
            let editor = try owner.get(Self.path)
            #expect(editor.status == 200 && editor.text.contains("{{customer.name}}") && editor.text.contains("{{reminder.lead}}"))
            #expect(editor.text.contains("name=\"subject\"") && editor.text.contains("name=\"html\""))
            #expect(try owner.get("/console/messages/nonsense/email/en").status == 404)
            #expect(try owner.get("/console/messages/reminder/fax/en").status == 404)
            #expect(try owner.get("/console/messages/reminder/email/fr").status == 404)
        }
    }

    @Test func anUnknownVariableIsShownAtItsLineAndColumnAndTheSaveIsRefused() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let form = [("subject", "Soon: {{business.name}}"), ("text", "Hello {{customer.name}}\nSee you {{customer.nickname}}\n")]
            let preview = try owner.post(Self.path + "/preview", form)
            #expect(preview.status == 422 && preview.text.contains("reminder.email.text:2:9") && preview.text.contains("customer.nickname"))
            #expect(preview.text.contains("See you {{customer.nickname}}"), "what was typed is kept")
            let save = try owner.post(Self.path + "/save", form)
            #expect(save.status == 422 && save.text.contains("id=\"save-refused\"") && save.text.contains("reminder.email.text:2:9"))
            #expect(try versions(world, world.salon.seeded.businessID) == 0)
        }
    }

    @Test func previewSaveRollBackAndResetMakeVersionsAndAreAudited() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let first = [("subject", "Reminder from {{business.name}}"), ("text", "First words, {{customer.name}}.\n")]
            let preview = try owner.post(Self.path + "/preview", first)
            #expect(preview.status == 200 && preview.text.contains(#"class="preview-text">First words, "#)
                    && !preview.text.contains(#"class="preview-text">First words, {{"#))
            #expect(try versions(world, world.salon.seeded.businessID) == 0, "a preview stores nothing")
            #expect(try owner.post(Self.path + "/save", first).headers["Location"] == Self.path + "?done=saved")
            #expect(try owner.post(Self.path + "/save", [("subject", "Second"), ("text", "Second words.\n")]).status == 303)
            var editor = try owner.get(Self.path)
            #expect(editor.text.contains("Second words.") && editor.text.contains("id=\"history-table\""))
            #expect(try owner.get("/console/messages").text.contains("Your version"))

            #expect(try owner.post(Self.path + "/rollback", [("version", "1")]).headers["Location"] == Self.path + "?done=rolled_back")
            editor = try owner.get(Self.path)
            #expect(editor.text.contains("First words, {{customer.name}}.") && !editor.text.contains(">Second words."))
            #expect(try owner.post(Self.path + "/rollback", [("version", "99")]).status == 404)

            #expect(try owner.post(Self.path + "/reset").headers["Location"] == Self.path + "?done=reset")
            editor = try owner.get(Self.path)
            #expect(editor.text.contains("{{reminder.lead}}") && editor.text.contains("The default is in force"))
            let actions = try world.salon.pool.withConnection {
                try $0.query("SELECT string_agg(action, ',' ORDER BY version) AS a FROM message_template_versions")[0].decode(String.self, "a")
            }
            #expect(actions == "set,set,rollback,reset")
            #expect(try world.count("SELECT count(*)::int FROM admin_audit WHERE actor_kind = 'admin' AND targets->>'template' = 'reminder/email/en'") == 4)
        }
    }

    @Test func anSMSPreviewCountsItsSegmentsAndEncoding() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let preview = try owner.post("/console/messages/reminder/sms/en/preview", [("text", "Hi {{customer.name}}, see you ☺")])
            #expect(preview.status == 200 && preview.text.contains("UCS-2") && preview.text.contains("1 SMS segment"))
        }
    }

    @Test func anotherBusinessSeesItsOwnMessagesAndCannotRollBackThese() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            #expect(try owner.post(Self.path + "/save", [("subject", "Ours"), ("text", "Our words.\n")]).status == 303)
            let rival = try world.signIn(ConsoleWorld.rival)
            let page = try rival.get(Self.path)
            #expect(page.status == 200 && !page.text.contains("Our words.") && page.text.contains("The default is in force"))
            #expect(try rival.post(Self.path + "/rollback", [("version", "1")]).status == 404)
            #expect(try rival.post(Self.path + "/reset").status == 303)
            #expect(try versions(world, world.other) == 0)
            #expect(try owner.get(Self.path).text.contains("Our words."))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func deepNestingAndHugeOutputAreRefusedWithoutHanging() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let deep = String(repeating: "{{#customer}}", count: 10_000) + "x" + String(repeating: "{{/customer}}", count: 10_000)
            let nested = try owner.post(Self.path + "/preview", [("subject", "s"), ("text", deep)])
            #expect(nested.status == 422 && nested.text.contains("id=\"problems\""))
            #expect(try owner.post(Self.path + "/save", [("subject", "s"), ("text", deep)]).status == 422)

            // A part that includes itself ten times: 10^32 copies unbounded; the depth and output bounds stop it.
            let bomb = String(repeating: "0123456789{{>reminder.email.text}}", count: 10)
            let huge = try owner.post(Self.path + "/preview", [("subject", "s"), ("text", bomb)])
            #expect(huge.status == 422)
            #expect(huge.body.count < 2_000_000, "no 10 MB page")
            #expect(try owner.get("/console").status == 200, "the server still answers")
        }
    }
}

@Suite("Business console messages: test sends and diffs")
struct MessageTestAndDiffTests {
    static let path = MessagesTests.path

    @Test func sendMeATestMailsTheTypedTextToTheAdminAndStoresNothing() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            let sent = try owner.post(Self.path + "/test", [("subject", "Hi {{customer.name}}"), ("text", "Test words {{business.name}}\n")])
            #expect(sent.status == 200 && sent.text.contains("id=\"flash\"") && sent.text.contains("Test words {{business.name}}"))
            let mail = try #require(world.mails.sent.last)
            #expect(mail.to == ConsoleWorld.owner && mail.subject.hasPrefix("[Test] Hi ") && mail.text.contains("Test words ")
                    && !mail.text.contains("{{"))
            #expect(try world.count("SELECT count(*)::int FROM message_template_versions") == 0)
            let refused = try owner.post(Self.path + "/test", [("subject", "s"), ("text", "{{nope}}")])
            #expect(refused.status == 422 && world.mails.sent.count == 2, "nothing more was sent")
        }
    }

    @Test func twoVersionsAreComparedLineByLine() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            #expect(try owner.post(Self.path + "/save", [("subject", "S"), ("text", "one\ntwo\nthree\n")]).status == 303)
            #expect(try owner.post(Self.path + "/save", [("subject", "S"), ("text", "one\n2\nthree\nfour\n")]).status == 303)
            let diff = try owner.get(Self.path + "/diff?from=1&to=2")
            #expect(diff.status == 200)
            #expect(diff.text.contains(#"<span class="diff-removed">− two</span>"#) && diff.text.contains(#"<span class="diff-added">+ 2</span>"#)
                    && diff.text.contains(#"<span class="diff-added">+ four</span>"#) && diff.text.contains(#"<span class="diff-kept">  one</span>"#))
            #expect(try owner.get(Self.path + "/diff?from=1&to=9").status == 404)
            let rival = try world.signIn(ConsoleWorld.rival)
            #expect(try rival.get(Self.path + "/diff?from=1&to=2").status == 404, "another business's versions are not found")
        }
    }

    @Test func theLineDiffKeepsOrderAndRefusesWhatIsTooLong() {
        #expect(LineDiff.lines(from: "a\nb\nc", to: "a\nc\nd") == [.kept("a"), .removed("b"), .kept("c"), .added("d")])
        #expect(LineDiff.lines(from: "", to: "x") == [.removed(""), .added("x")])
        let long = String(repeating: "x\n", count: 1_500)
        #expect(LineDiff.lines(from: long, to: long + "y") == nil)
    }
}
