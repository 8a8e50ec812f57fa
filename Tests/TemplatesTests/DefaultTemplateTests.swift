import Foundation
import SMSText
import Templates
import Testing
import Vocabulary

@Suite struct DefaultTemplateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: MessageKind
        let channel: Channel
        let locale: String
        var testDescription: String { "\(kind.rawValue) \(channel.rawValue) \(locale)" }
    }

    static let cases: [Case] = MessageKind.allCases.flatMap { kind in
        Channel.allCases.flatMap { channel in
            ShippedTemplates.locales.map { Case(kind: kind, channel: channel, locale: $0) }
        }
    }

    @Test func shippedTemplatesPassLintWithoutWarnings() {
        let problems = TemplateLinter().lint(paths: [ShippedTemplates.root.path])
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: cases)
    func everyKindChannelAndLocaleRendersFromItsOwnLocale(_ test: Case) throws {
        let message = try TemplatePreview.render(kind: test.kind, channel: test.channel, locale: test.locale, catalog: ShippedTemplates.catalog())
        #expect(message.origin == TemplateOrigin(business: nil, locale: test.locale))
        #expect(message.fallbacks.isEmpty)
        for part in test.channel.requiredParts {
            let text = try #require(message.parts[part])
            #expect(!text.isEmpty)
            #expect(!text.contains("{{"))
        }
        if test.channel == .email {
            let html = try #require(message.html)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<html lang=\"\(test.locale)\">"))
            #expect(html.contains("Bright Cuts"))
        }
    }

    @Test func spanishIsComplete() throws {
        func names(_ locale: String) throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: ShippedTemplates.root.appendingPathComponent(locale).path))
        }
        #expect(try names("es") == names("en"))
    }

    /// The cancellation email signed off "See you soon" and offered "Manage
    /// your booking"; its SMS left out the time zone the other texts carry.
    @Test(arguments: ShippedTemplates.locales)
    func aCancellationNeitherSaysSeeYouSoonNorOffersManagingAndItsTextNamesTheZone(_ locale: String) throws {
        let email = try TemplatePreview.render(kind: .bookingCancelled, channel: .email, locale: locale, catalog: ShippedTemplates.catalog())
        for part in [email.text, email.html].compactMap({ $0 }) {
            for phrase in ["See you soon", "Manage your booking", "Hasta pronto", "Gestionar tu cita", SampleData.input(kind: .bookingCancelled).links.manage] {
                #expect(!part.contains(phrase), "\(locale): \(phrase)")
            }
        }
        let sms = try TemplatePreview.render(kind: .bookingCancelled, channel: .sms, locale: locale, catalog: ShippedTemplates.catalog())
        // The zone as the locale spells it: EDT in English, GMT-4 in Spanish.
        #expect(sms.text?.contains("3:00 PM EDT") == true || sms.text?.contains("15:00 GMT-4") == true, "\(sms.text ?? "")")
    }

    /// "we offered it to the next person on the waitlist" was said even when nobody was next.
    @Test(arguments: ShippedTemplates.locales)
    func anExpiredOfferMentionsTheNextPersonOnlyWhenThereWasOne(_ locale: String) throws {
        let request = TemplateRequest(kind: .waitlistOfferExpired, channel: .email, locale: locale)
        var input = SampleData.input(kind: .waitlistOfferExpired, locale: locale)
        let next = locale == "es" ? "siguiente persona" : "next person"
        let passedOn = try ShippedTemplates.catalog().render(request, context: RenderContext.make(input))
        #expect(passedOn.text?.contains(next) == true && passedOn.html?.contains(next) == true)
        input.offerPassedOn = false
        let nobody = try ShippedTemplates.catalog().render(request, context: RenderContext.make(input))
        #expect(nobody.text?.contains(next) == false && nobody.html?.contains(next) == false, "\(nobody.text ?? "")")
    }

    @Test func reminderShowsLeadTimeAndLocalTime() throws {
        let message = try TemplatePreview.render(kind: .reminder, channel: .email, locale: "en", catalog: ShippedTemplates.catalog())
        #expect(message.subject == "Reminder: Haircut on Monday at 3:00 PM")
        #expect(message.text?.contains("in 24 hours") == true)
        #expect(message.text?.contains("3:00 PM–3:45 PM EDT") == true)
        let spanish = try TemplatePreview.render(kind: .reminder, channel: .email, locale: "es", catalog: ShippedTemplates.catalog())
        #expect(spanish.subject == "Recordatorio: Corte de pelo el lunes a las 15:00")
        #expect(spanish.text?.contains("dentro de 24 horas") == true)
    }

    @Test func htmlEscapesBusinessDataAndTextDoesNot() throws {
        var input = SampleData.input(kind: .bookingConfirmed)
        input.serviceName = "Cut <script>alert(1)</script> & Color"
        let message = try ShippedTemplates.catalog().render(input, channel: .email)
        #expect(message.html?.contains("Cut &lt;script&gt;alert(1)&lt;/script&gt; &amp; Color") == true)
        #expect(message.html?.contains("<script>") == false)
        #expect(message.text?.contains("Cut <script>alert(1)</script> & Color") == true)
        #expect(message.subject?.contains("Cut <script>alert(1)</script> & Color") == true)
    }

    @Test func theEmailsDetailsShowThePriceInTheReadersLanguageOnlyWhenOneIsSet() throws {
        for (locale, line, cell) in [("en", "Price: $35.00", ">Price</td><td>$35.00<"), ("es", "Precio: 35,00 US$", ">Precio</td><td>35,00 US$<")] {
            var input = SampleData.input(kind: .reminder, locale: locale)
            let priced = try ShippedTemplates.catalog().render(input, channel: .email)
            #expect(priced.text?.contains(line) == true, "\(priced.text ?? "")")
            #expect(priced.html?.contains(cell) == true)
            input.servicePrice = nil
            let free = try ShippedTemplates.catalog().render(input, channel: .email)
            #expect(free.text?.contains(line.prefix(5)) == false && free.html?.contains(cell.prefix(6)) == false)
            #expect(free.text?.contains("\n\n\n") == false, "no empty line where the price was")
        }
    }

    @Test func englishSMSStaysInGSM7() throws {
        let message = try TemplatePreview.render(kind: .reminder, channel: .sms, locale: "en", catalog: ShippedTemplates.catalog())
        let text = try #require(message.text)
        #expect(!text.hasSuffix("\n"))
        #expect(SMSText.measure(text).encoding == .gsm7)
    }
}
