import APITestSupport
import Foundation
import Testing
import TestSupport

@Suite("Template bombs in overrides and previews are refused as 4xx problems")
struct TemplateBombTests {
    static let path = "/v1/admin/templates/booking_confirmed/email/en"

    static func override(_ name: String, text: String = "Booked", html: String = "<p>Booked</p>") -> HostileCase {
        let body = try? JSONSerialization.data(withJSONObject: ["subject": "Booked", "text": text, "html": html])
        return HostileCase(name: name, method: "PUT", path: path, admin: true, body: Array(body ?? Data()), code: "template_lint_failed")
    }

    @Test func deepPartialsNestingAndRepetitionAreRefused() throws {
        try LiveAPIServer.with { server in
            try HostileInputTests.expectRefused([
                Self.override("a part including itself", text: "{{>booking_confirmed.email.text}}"),
                Self.override("a partial of a missing name", text: "{{>../../../etc/passwd}}"),
                Self.override("sections nested 2,000 deep", text: String(repeating: "{{#business}}", count: 2_000) + String(repeating: "{{/business}}", count: 2_000)),
                Self.override("a partial repeated into megabytes", html: String(repeating: "{{>details.email.html}}", count: 2_500)),
                Self.override("an unclosed section", text: "{{#business}}" + String(repeating: "x", count: 50_000)),
            ], on: server)
            #expect(try server.salon.scalar(Int.self, "SELECT count(*)::int FROM message_template_versions") == 0)
            let preview = try server.call("GET", Self.path + "/preview", key: server.adminKey)
            #expect(preview.status == 200)
        }
    }
}
