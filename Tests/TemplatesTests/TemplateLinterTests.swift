import Foundation
import Templates
import Testing

@Suite struct TemplateLinterTests {
    func lint(_ templates: [String: String], maxSMSSegments: Int = 2) -> [String] {
        var sources: [String: TemplateSource] = [:]
        for (name, text) in templates { sources[name] = TemplateSource(text: text, origin: name) }
        return TemplateLinter(maxSMSSegments: maxSMSSegments).lint(sources, locale: "en").map(\.description)
    }

    @Test func syntaxErrorsAreReportedAtTheirPosition() {
        #expect(lint(["reminder.sms.text": "Hi\n {{#customer}}{{name}}"]) == [
            "reminder.sms.text:2:2: error: 'customer' is opened here but never closed"
        ])
    }

    @Test func unknownVariablesAreErrors() {
        let problems = lint(["reminder.sms.text": "{{customer.nmae}} {{offer.expires.date}} {{#customer}}{{name}}{{/customer}}"])
        #expect(problems == [
            "reminder.sms.text:1:1: error: unknown variable 'customer.nmae' for reminder (see templates/README.md)",
            "reminder.sms.text:1:19: error: unknown variable 'offer.expires.date' for reminder (see templates/README.md)",
        ])
    }

    @Test func sectionsOpenDocumentedObjects() {
        #expect(lint(["waitlist_offer.sms.text": "{{#offer.expires}}{{time}} {{zone}}{{/offer.expires}}{{^links.accept_offer}}-{{/links.accept_offer}}"]).isEmpty)
        #expect(lint(["reminder.sms.text": "{{#bogus}}{{/bogus}}"]).count == 1)
    }

    @Test func emailNeedsSubjectAndText() {
        #expect(lint(["reminder.email.html": "<p>{{customer.name}}</p>"]) == [
            "reminder.email.html:1:1: error: reminder email templates need a subject part (reminder.email.subject.mustache)",
            "reminder.email.html:1:1: error: reminder email templates need a text part (reminder.email.text.mustache)",
        ])
    }

    @Test func unescapedTypedTextInHTMLIsAnErrorAndGeneratedValuesAWarning() {
        let problems = lint([
            "reminder.email.subject": "{{{service.name}}}",
            "reminder.email.text": "{{&customer.name}}",
            "reminder.email.html": "<p>{{{customer.name}}} {{&service.name}} <a href=\"{{{links.manage}}}\">x</a></p>",
        ])
        #expect(problems == [
            "reminder.email.html:1:4: error: 'customer.name' is text a person typed and must be HTML-escaped in an HTML template: use {{customer.name}}",
            "reminder.email.html:1:24: error: 'service.name' is text a person typed and must be HTML-escaped in an HTML template: use {{service.name}}",
            "reminder.email.html:1:51: warning: 'links.manage' is not HTML-escaped in an HTML template; use {{links.manage}} unless it is trusted HTML",
        ])
    }

    @Test func longSMSIsAWarningAboveTheConfiguredSegments() {
        let long = String(repeating: "Please remember your appointment. ", count: 10) + "{{links.manage}}"
        #expect(lint(["reminder.sms.text": long]) == [
            "reminder.sms.text:1:1: warning: SMS with sample data is 3 segments (GSM-7, 415 units, 3 segments); the limit is 2"
        ])
        #expect(lint(["reminder.sms.text": long], maxSMSSegments: 3).isEmpty)
        #expect(lint(["reminder.sms.text": "Short {{links.manage}}"], maxSMSSegments: 1).isEmpty)
    }

    @Test func missingPartialsAreErrors() {
        #expect(lint(["reminder.sms.text": "x {{>nowhere}}"]) == [
            "reminder.sms.text:1:3: error: partial 'nowhere' not found (expected nowhere.mustache next to this file)"
        ])
    }

    @Test func lintsFilesOnDiskInferringKindFromTheName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)/en")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent("booking_cancelled.sms.text.mustache")
        try "Cancelled {{links.cancel}}\n".write(to: file, atomically: true, encoding: .utf8)
        let problems = TemplateLinter().lint(paths: [file.path, folder.appendingPathComponent("nope.mustache").path])
        #expect(problems.map(\.description) == [
            "\(file.path):1:11: error: unknown variable 'links.cancel' for booking_cancelled (see templates/README.md)",
            "\(folder.path)/nope.mustache:1:1: error: no such file or folder",
        ].sorted())
        #expect(problems.hasErrors)
    }
}
