import Foundation
import Synchronization
import Templates
import Testing
import Vocabulary

@Suite struct TemplateCatalogTests {
    static let defaults = MemoryTemplateStore(templates: [
        "-/en/reminder.sms.text": "default en",
        "-/es/reminder.sms.text": "default es",
        "-/en/reminder.email.subject": "Hi {{customer.name}}",
        "-/en/reminder.email.text": "text",
    ])
    static let overrides = MemoryTemplateStore(templates: [
        "b1/fr/reminder.sms.text": "b1 fr",
        "b1/es/reminder.sms.text": "b1 es",
        "broken/en/reminder.sms.text": "{{#oops}}",
        "partless/en/reminder.email.html": "<p>only html</p>",
        "nolayout/en/reminder.sms.text": "{{>missing}}",
        "loop/en/reminder.sms.text": "{{>again}}",
        "loop/en/again": "{{>again}}",
        "headers/en/reminder.email.subject": "Hello\r\n{{customer.name}}\nBcc: x@example.com",
        "headers/en/reminder.email.text": "text",
    ])
    static let catalog = TemplateCatalog(defaults: defaults, overrides: overrides)

    func render(_ locale: String, business: String?, businessLocale: String? = nil, channel: Channel = .sms) throws -> RenderedMessage {
        let request = TemplateRequest(kind: .reminder, channel: channel, locale: locale, business: business, businessLocale: businessLocale)
        return try Self.catalog.render(request, context: ["customer": ["name": "Jane\nDoe"]])
    }

    @Test(arguments: [
        // business + locale → business default locale → default + locale → default (en)
        ("fr", "b1", "es", "b1 fr"),
        ("de", "b1", "es", "b1 es"),
        ("es", "b2", "fr", "default es"),
        ("de", "b2", nil, "default en"),
        ("es-MX", nil, nil, "default es"),
        ("es_MX", "b1", nil, "b1 es"),
    ] as [(String, String?, String?, String)])
    func resolvesInDocumentedOrder(locale: String, business: String?, businessLocale: String?, expected: String) throws {
        #expect(try render(locale, business: business, businessLocale: businessLocale).text == expected)
    }

    @Test(arguments: [
        ("broken", TemplateError.Code.syntax),
        ("nolayout", .notFound),
        ("loop", .partialDepth),
    ])
    func brokenOverrideFallsBackAndIsReported(business: String, code: TemplateError.Code) throws {
        let message = try render("en", business: business)
        #expect(message.text == "default en")
        #expect(message.origin == TemplateOrigin(business: nil, locale: "en"))
        #expect(message.fallbacks.map(\.error.code) == [code])
        #expect(message.fallbacks.first?.skipped == TemplateOrigin(business: business, locale: "en"))
    }

    @Test func overrideMissingARequiredPartFallsBack() throws {
        let message = try render("en", business: "partless", channel: .email)
        #expect(message.subject == "Hi Jane Doe")
        #expect(message.fallbacks.map(\.error.code) == [.missingPart])
    }

    @Test func subjectsLoseLineBreaks() throws {
        let message = try render("en", business: "headers", channel: .email)
        #expect(message.subject == "Hello Jane Doe Bcc: x@example.com")
        #expect(message.fallbacks.isEmpty)
    }

    @Test func noTemplateAnywhereIsNotFound() {
        let request = TemplateRequest(kind: .waitlistOffer, channel: .sms, locale: "en")
        #expect {
            _ = try Self.catalog.render(request, context: [:])
        } throws: { ($0 as? TemplateError)?.code == .notFound }
    }

    @Test func directoryStoreRefusesPathsOutsideItsRoot() throws {
        let store = DirectoryTemplateStore(root: ShippedTemplates.root)
        #expect(try store.source(named: "reminder.sms.text", locale: "en", business: nil) != nil)
        #expect(try store.source(named: "reminder.sms.text", locale: "../templates/en", business: nil) == nil)
        #expect(try store.source(named: "../en/reminder.sms.text", locale: "en", business: nil) == nil)
        #expect(try store.source(named: "reminder.sms.text", locale: "en", business: "b1") == nil)
    }

    @Test func businessOverridesUseTheShippedLayout() throws {
        let overrides = MemoryTemplateStore(templates: [
            "b1/en/reminder.email.subject": "Custom",
            "b1/en/reminder.email.text": "Custom text",
            "b1/en/reminder.email.html": "{{<layout.email.html}}{{$body}}<p>Custom for {{customer.first_name}}</p>{{/body}}{{/layout.email.html}}",
        ])
        let catalog = TemplateCatalog(defaults: DirectoryTemplateStore(root: ShippedTemplates.root), overrides: overrides)
        let message = try catalog.render(SampleData.input(kind: .reminder), channel: .email, business: "b1")
        #expect(message.origin == TemplateOrigin(business: "b1", locale: "en"))
        #expect(message.html?.contains("<p>Custom for Jane</p>") == true)
        #expect(message.html?.contains("<!DOCTYPE html>") == true)
    }
}

/// A store whose templates change, standing in for an edited override.
final class EditableTemplateStore: TemplateStore {
    private let text = Mutex("first")

    func edit(_ newText: String) {
        text.withLock { $0 = newText }
    }

    func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource? {
        guard business == "b1", locale == "en", name == "reminder.sms.text" else { return nil }
        return TemplateSource(text: text.withLock { $0 }, origin: "editable")
    }
}

@Suite struct TemplateCatalogCacheTests {
    @Test func editedOverridesShowAfterInvalidation() throws {
        let store = EditableTemplateStore()
        let catalog = TemplateCatalog(defaults: TemplateCatalogTests.defaults, overrides: store)
        let request = TemplateRequest(kind: .reminder, channel: .sms, locale: "en", business: "b1")
        #expect(try catalog.render(request, context: [:]).text == "first")
        store.edit("second")
        #expect(try catalog.render(request, context: [:]).text == "first")
        catalog.invalidate(business: "b2")
        #expect(try catalog.render(request, context: [:]).text == "first")
        catalog.invalidate(business: "b1")
        #expect(try catalog.render(request, context: [:]).text == "second")
    }
}
