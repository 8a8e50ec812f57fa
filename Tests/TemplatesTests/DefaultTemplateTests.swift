import Foundation
import SMSText
import Templates
import Testing

@Suite struct DefaultTemplateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: MessageKind
        let channel: MessageChannel
        let locale: String
        var testDescription: String { "\(kind.rawValue) \(channel.rawValue) \(locale)" }
    }

    static let cases: [Case] = MessageKind.allCases.flatMap { kind in
        MessageChannel.allCases.flatMap { channel in
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

    @Test func englishSMSStaysInGSM7() throws {
        let message = try TemplatePreview.render(kind: .reminder, channel: .sms, locale: "en", catalog: ShippedTemplates.catalog())
        let text = try #require(message.text)
        #expect(!text.hasSuffix("\n"))
        #expect(SMSText.measure(text).encoding == .gsm7)
    }
}
