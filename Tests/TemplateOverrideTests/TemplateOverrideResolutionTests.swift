import Foundation
import Postgres
import Testing
import TemplateOverrides
import Templates
import TestSupport

@Suite("Overrides resolve before the defaults, and every daemon hears of changes")
struct TemplateOverrideResolutionTests {
    /// Business + customer locale, business default locale, default + customer locale, default.
    @Test func fallbackOrderIsBusinessLocaleThenBusinessDefaultThenShippedLocaleThenShippedDefault() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness(locale: "fr")
            let businessLocale = try fixture.store.defaultLocale(of: business)
            #expect(businessLocale == "fr")
            func render(_ locale: String) throws -> RenderedMessage {
                try fixture.render(business, locale: locale, businessLocale: businessLocale)
            }
            try fixture.editor.set(.reminderSMS(business, locale: "es"), parts: sms("ES negocio {{customer.name}}"), by: "a")
            try fixture.editor.set(.reminderSMS(business, locale: "fr"), parts: sms("FR entreprise {{customer.name}}"), by: "a")

            #expect(try render("es").text == "ES negocio Lucía Fernández")
            #expect(try render("es-MX").text == "ES negocio Lucía Fernández", "a regional locale falls back to its language")
            #expect(try render("de").text == "FR entreprise Jane Doe", "no German override: the business's default locale")

            try fixture.editor.reset(.reminderSMS(business, locale: "es"), by: "a")
            #expect(try render("es").text == "FR entreprise Lucía Fernández")

            try fixture.editor.reset(.reminderSMS(business, locale: "fr"), by: "a")
            let shippedSpanish = try render("es")
            #expect(shippedSpanish.origin == TemplateOrigin(business: nil, locale: "es"))
            let shippedDefault = try render("de")
            #expect(shippedDefault.origin == TemplateOrigin(business: nil, locale: "en"))
            #expect(shippedDefault.fallbacks.isEmpty)
        }
    }

    @Test func aDefaultLocaleOfAnUnknownBusinessIsBusinessNotFound() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let error = #expect(throws: TemplateOverrideError.self) { try fixture.store.defaultLocale(of: UUID()) }
            #expect(error?.code == .businessNotFound)
            let setError = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(.reminderSMS(UUID()), parts: sms("Hi {{customer.name}}"), by: "a")
            }
            #expect(setError?.code == .businessNotFound)
        }
    }

    /// Another process's editor changes an override; this daemon's catalog
    /// has the old set cached until `template_changed` arrives.
    @Test func templateChangedNotificationsInvalidateAnotherProcesssCatalog() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let listenerConnection = try db.connect()
            let listener = TemplateChangeListener(catalog: fixture.catalog)
            try listener.subscribe(listenerConnection)
            #expect(try fixture.render(business).origin.business == nil)

            let otherProcess = TemplateOverrideEditor(store: TemplateOverrideStore(pool: db.makePool(size: 1)), defaults: fixture.defaults)
            try otherProcess.set(.reminderSMS(business), parts: sms("Changed elsewhere {{customer.name}}"), by: "api")
            #expect(try fixture.render(business).origin.business == nil, "still cached")

            let notifications = try listenerConnection.waitForNotifications(timeout: .seconds(10))
            #expect(listener.apply(notifications) == [business.uuidString.lowercased()])
            #expect(try fixture.render(business).text == "Changed elsewhere Jane Doe")
        }
    }

    @Test func requestsTheTableWouldRefuseAreInvalid() throws {
        try TestDatabase.with { db in
            let fixture = try OverrideFixture(db)
            let business = try fixture.makeBusiness()
            let badLocale = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(.reminderSMS(business, locale: "../en"), parts: sms("Hi"), by: "a")
            }
            #expect(badLocale?.code == .invalidRequest)
            let subjectInSMS = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(.reminderSMS(business), parts: [.subject: TemplateSource(text: "Hi", origin: "s")], by: "a")
            }
            #expect(subjectInSMS?.code == .invalidRequest)
            let noAuthor = #expect(throws: TemplateOverrideError.self) {
                try fixture.editor.set(.reminderSMS(business), parts: sms("Hi"), by: "")
            }
            #expect(noAuthor?.code == .invalidRequest)
        }
    }
}
