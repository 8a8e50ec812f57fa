import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Admins override message templates over HTTP: set, show, history, rollback, reset, preview")
struct AdminTemplateTests {
    static let sms = "/v1/admin/templates/booking_confirmed/sms/en"

    @Test func theOverrideLifeCycle() throws {
        try AdminWorld.with { world in
            let start = try world.call("GET", Self.sms)
            #expect(start.status == 200 && start.json["overridden"] as? Bool == false)
            let first = try world.call("PUT", Self.sms, json: ["text": "{{service.name}} for {{customer.first_name}} is booked. {{links.manage}}"])
            #expect(first.status == 200 && first.json["version"] as? Int == 1 && first.json["action"] as? String == "set")
            #expect((first.json["updated_by"] as? String).map { $0.hasPrefix("api-key:bk_adm_") } == true)
            let second = try world.call("PUT", Self.sms, json: ["text": "Booked: {{service.name}}. {{links.manage}}"])
            #expect(second.json["version"] as? Int == 2)

            let broken = try world.call("PUT", Self.sms, json: ["text": "Booked {{#service.name}} {{links.nowhere}}"])
            #expect(broken.status == 422 && broken.code == "template_lint_failed")
            let problems = broken.json["problems"] as? [[String: Any]] ?? []
            #expect(!problems.isEmpty && problems.allSatisfy { $0["line"] is Int && $0["message"] is String })
            #expect(try world.call("GET", Self.sms).json["version"] as? Int == 2)

            let preview = try world.call("GET", Self.sms + "/preview")
            #expect(preview.status == 200 && (preview.json["parts"] as? [String: String])?["text"]?.hasPrefix("Booked: Haircut.") == true)
            let booking = try world.book(world.at(10))
            let real = try world.call("GET", Self.sms + "/preview?booking=\(booking)")
            #expect(real.status == 200 && real.json["booking"] as? String == booking)
            let email = try world.call("GET", "/v1/admin/templates/booking_confirmed/email/en/preview?booking=\(booking)")
            #expect((email.json["parts"] as? [String: String])?["text"]?.contains("Ada") == true)
            #expect((email.json["parts"] as? [String: String])?["text"]?.contains("Downtown") == true)

            let rolledBack = try world.call("POST", Self.sms + "/rollback", json: ["version": 1])
            #expect(rolledBack.json["version"] as? Int == 3 && rolledBack.json["source_version"] as? Int == 1)
            #expect(try world.call("POST", Self.sms + "/rollback", json: ["version": 9]).code == "template_version_not_found")
            #expect(try world.call("POST", Self.sms + "/rollback", json: ["version": "one"]).fields == ["version"])
            let reset = try world.call("POST", Self.sms + "/reset")
            #expect(reset.json["action"] as? String == "reset" && reset.json["overridden"] as? Bool == false)
            let again = try world.call("POST", Self.sms + "/reset")
            #expect(again.status == 200 && again.json["version"] == nil)
            let history = try world.call("GET", Self.sms + "/history")
            #expect(history.items.compactMap { $0["version"] as? Int } == [4, 3, 2, 1])
            let defaults = try world.call("GET", Self.sms + "/preview")
            #expect((defaults.json["parts"] as? [String: String])?["text"]?.hasPrefix("Booked:") == false)

            let summaries = try world.call("GET", "/v1/admin/audit").items.compactMap { $0["summary"] as? String }
            #expect(summaries.prefix(5) == ["reset template to the defaults", "reset template to the defaults", "rolled template back to version 1",
                                            "set template parts: text", "set template parts: text"])
            // Another business sees the defaults, not these versions.
            #expect(try world.call("GET", Self.sms + "/history", key: world.otherAdminKey).items.isEmpty)
        }
    }

    @Test func typedTextUnescapedInHTMLIsRefusedAndWarningsComeWithTheStoredVersion() throws {
        try AdminWorld.with { world in
            let path = "/v1/admin/templates/booking_confirmed/email/en"
            let parts = ["subject": "Booked", "text": "Booked {{links.manage}}"]
            var raw = parts
            raw["html"] = "<p>Hello {{{customer.name}}}</p>"
            let refused = try world.call("PUT", path, json: raw)
            #expect(refused.status == 422 && refused.code == "template_lint_failed")
            let messages = (refused.json["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.contains { $0.contains("'customer.name' is text a person typed") })
            var warned = parts
            warned["html"] = "<p>Hello {{customer.name}}, <a href=\"{{{links.manage}}}\">manage</a></p>"
            let stored = try world.call("PUT", path, json: warned)
            #expect(stored.status == 200 && stored.json["version"] as? Int == 1)
            let warnings = stored.json["warnings"] as? [String] ?? []
            #expect(warnings.count == 1 && warnings[0].contains("warning: 'links.manage' is not HTML-escaped"))
        }
    }

    @Test func badTemplateRequestsSayWhatIsWrong() throws {
        try AdminWorld.with { world in
            let parts = try world.call("PUT", "/v1/admin/templates/reminder/sms/en", json: ["subject": "Hi", "text": 5])
            #expect(parts.status == 400 && Set(parts.fields) == ["subject", "text"])
            let missing = try world.call("PUT", "/v1/admin/templates/reminder/email/en", json: ["text": "Hello {{customer.name}}"])
            #expect(missing.status == 422 && missing.code == "invalid_template_parts" && missing.fields == ["subject"])
            #expect(try world.call("GET", "/v1/admin/templates/birthday/email/en").status == 404)
            #expect(try world.call("GET", "/v1/admin/templates/reminder/fax/en").status == 404)
            #expect(try world.call("GET", "/v1/admin/templates/reminder/sms/EN_us").fields == ["locale"])
            #expect(try world.call("GET", "/v1/admin/templates/reminder/sms/en/preview?booking=\(UUID())").status == 404)
            #expect(try world.call("PUT", "/v1/admin/templates/reminder/sms/en", raw: Array("not json".utf8)).code == "invalid_json")
        }
    }
}
