import Foundation
import Postgres
import Synchronization
import Testing
import TemplateOverrides
import Templates
import TestSupport
import Vocabulary

@Suite("Template overrides: versioned, linted, used at render time")
struct TemplateOverrideLifecycleTests {
    @Test func setRenderHistoryRollbackResetReturnsToTheDefault() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let key = TemplateOverrideKey.reminderSMS(business)
            let shipped = try fixture.render(business)
            #expect(shipped.origin.business == nil)

            try fixture.editor.set(key, parts: sms("First {{customer.name}}"), by: "alice")
            #expect(try fixture.render(business).text == "First Jane Doe")
            let second = try fixture.editor.set(key, parts: sms("Second {{service.name}}"), by: "bob")
            #expect(second.version == 2)
            let rendered = try fixture.render(business)
            #expect(rendered.text == "Second Haircut")
            #expect(rendered.origin == TemplateOrigin(business: key.businessID, locale: "en"))

            let rolledBack = try fixture.editor.rollback(key, to: 1, by: "carol")
            #expect(rolledBack.version == 3 && rolledBack.action == .rollback && rolledBack.sourceVersion == 1)
            #expect(try fixture.render(business).text == "First Jane Doe")

            let reset = try #require(try fixture.editor.reset(key, by: "dave"))
            #expect(reset.version == 4 && reset.action == .reset && reset.parts.isEmpty)
            #expect(try fixture.render(business) == shipped)
            #expect(try fixture.store.current(key) == nil)
            #expect(try fixture.editor.reset(key, by: "dave") == nil, "a second reset records nothing")

            let history = try fixture.store.history(key)
            #expect(history.map(\.version) == [1, 2, 3, 4])
            #expect(history.map(\.updatedBy) == ["alice", "bob", "carol", "dave"])
            #expect(history.map(\.action) == [.set, .set, .rollback, .reset])
            #expect(history[2].parts == [.text: "First {{customer.name}}"])

            #expect(throws: TemplateOverrideError.self) { try fixture.editor.rollback(key, to: 4, by: "erin") }
            let missing = #expect(throws: TemplateOverrideError.self) { try fixture.editor.rollback(key, to: 9, by: "erin") }
            #expect(missing?.code == .versionNotFound)
            let restored = try fixture.editor.rollback(key, to: 2, by: "erin")
            #expect(restored.version == 5)
            #expect(try fixture.render(business).text == "Second Haircut")
        }
    }

    @Test func aTemplateThatFailsLintIsNeverStored() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let key = TemplateOverrideKey.reminderSMS(business)
            let unknown = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(key, parts: sms("Hi {{customer.nmae}}", origin: "mine.mustache"), by: "alice")
            }
            #expect(unknown?.code == .lintFailed)
            #expect(unknown?.problems.contains { $0.file == "mine.mustache" && $0.line == 1 && $0.column == 4 } == true, "\(unknown?.problems ?? [])")

            let syntax = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(key, parts: sms("Hi\n{{#appointment}}", origin: "mine.mustache"), by: "alice")
            }
            #expect(syntax?.problems.contains { $0.line == 2 && $0.severity == .error } == true)

            let emailKey = TemplateOverrideKey(business: business, kind: .reminder, channel: .email, locale: "en")
            let htmlOnly = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(emailKey, parts: [.html: TemplateSource(text: "<p>Hi</p>", origin: "h")], by: "alice")
            }
            #expect(htmlOnly?.code == .lintFailed)

            #expect(try fixture.store.history(key).isEmpty)
            #expect(try fixture.store.history(emailKey).isEmpty)
            #expect(try fixture.render(business).origin.business == nil)
        }
    }

    @Test func anEmailOverrideMayUseTheShippedLayout() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let key = TemplateOverrideKey(business: business, kind: .bookingConfirmed, channel: .email, locale: "en")
            let html = "{{<layout.email.html}}{{$body}}<p>See you, {{customer.name}}</p>{{/body}}{{/layout.email.html}}"
            try fixture.editor.set(key, parts: [
                .subject: TemplateSource(text: "Booked: {{service.name}}", origin: "s"),
                .text: TemplateSource(text: "See you, {{customer.name}}", origin: "t"),
                .html: TemplateSource(text: html, origin: "h"),
            ], by: "alice")
            let message = try fixture.render(business, .bookingConfirmed, .email)
            #expect(message.subject == "Booked: Haircut")
            #expect(message.html?.contains("<p>See you, Jane Doe</p>") == true)
            #expect(message.fallbacks.isEmpty)
        }
    }

    @Test func aBrokenStoredOverrideFallsBackToTheDefaultAndIsReported() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            // Bypasses the editor, as a bad manual fix or an old writer would.
            try fixture.pool.withTransaction { connection in
                try connection.execute("""
                    INSERT INTO message_template_versions (business_id, kind, channel, locale, version, action, updated_by)
                    VALUES ($1, 'reminder', 'sms', 'en', 1, 'set', 'psql')
                    """, [business])
                try connection.execute("""
                    INSERT INTO message_templates (business_id, kind, channel, locale, part, version, body, updated_by)
                    VALUES ($1, 'reminder', 'sms', 'en', 'text', 1, 'Hi {{#customer}}', 'psql')
                    """, [business])
            }
            let message = try fixture.render(business)
            #expect(message.origin == TemplateOrigin(business: nil, locale: "en"))
            #expect(message.text?.hasPrefix("Reminder from Bright Cuts") == true)
            let fallback = try #require(message.fallbacks.first)
            #expect(fallback.skipped == TemplateOrigin(business: business.uuidString.lowercased(), locale: "en"))
            #expect(fallback.error.code == .syntax)
            #expect(fallback.error.file?.hasPrefix("message_templates") == true)
        }
    }

    @Test func concurrentSetsKeepEveryVersion() throws {
        try TestDatabase.with { db in
            let admins = 8
            let fixture = try OverrideFixture(db, poolSize: admins)
            let business = try fixture.makeBusiness()
            let key = TemplateOverrideKey.reminderSMS(business)
            let failures = Mutex<[String]>([])
            onThreads(admins) { index in
                do {
                    try fixture.editor.set(key, parts: sms("Edit \(index) {{customer.name}}"), by: "admin-\(index)")
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let history = try fixture.store.history(key)
            #expect(history.map(\.version) == Array(1...admins))
            #expect(Set(history.map(\.updatedBy)) == Set((0..<admins).map { "admin-\($0)" }))
            #expect(Set(history.compactMap { $0.parts[.text] }).count == admins)
        }
    }

    @Test func anotherBusinessesOverrideIsNeverUsed() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let owner = try fixture.makeBusiness()
            let other = try fixture.makeBusiness()
            try fixture.editor.set(.reminderSMS(owner), parts: sms("Owner only {{customer.name}}"), by: "alice")
            #expect(try fixture.render(owner).text == "Owner only Jane Doe")
            let otherMessage = try fixture.render(other)
            #expect(otherMessage.origin.business == nil)
            #expect(otherMessage.text?.contains("Owner only") == false)
            #expect(try fixture.store.source(named: "reminder.sms.text", locale: "en", business: other.uuidString.lowercased()) == nil)
            #expect(try fixture.store.history(.reminderSMS(other)).isEmpty)
        }
    }
}
