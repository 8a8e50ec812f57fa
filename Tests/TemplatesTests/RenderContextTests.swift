import Foundation
import Templates
import Testing
import Vocabulary

@Suite struct RenderContextTests {
    /// Saturday 2026-03-07 10:00 EST and Monday 2026-03-09 10:00 EDT: the
    /// US switched to daylight time in between, on 2026-03-08.
    static let beforeDST = Date(timeIntervalSince1970: 1_772_895_600)
    static let afterDST = Date(timeIntervalSince1970: 1_773_064_800)

    func start(_ date: Date, locale: String, zone: String = "America/New_York") -> MustacheValue? {
        var input = SampleData.input(kind: .bookingConfirmed, locale: locale)
        input.start = date
        input.end = date.addingTimeInterval(3600)
        input.location.timeZone = zone
        return RenderContext.make(input)["appointment"]?["start"]
    }

    @Test func sameLocalTimeAcrossTheDSTChangeHasItsOwnZoneAndOffset() {
        #expect(start(Self.beforeDST, locale: "en") == [
            "weekday": "Saturday", "date": "March 7, 2026", "time": "10:00 AM", "zone": "EST", "iso": "2026-03-07T10:00:00-05:00",
        ])
        #expect(start(Self.afterDST, locale: "en") == [
            "weekday": "Monday", "date": "March 9, 2026", "time": "10:00 AM", "zone": "EDT", "iso": "2026-03-09T10:00:00-04:00",
        ])
    }

    @Test func customerLocaleDecidesLanguageAndConventions() {
        let spanish = start(Self.afterDST, locale: "es", zone: "Europe/Madrid")
        #expect(spanish?["weekday"] == "lunes")
        #expect(spanish?["date"] == "9 de marzo de 2026")
        #expect(spanish?["time"] == "15:00")
        #expect(spanish?["iso"] == "2026-03-09T15:00:00+01:00")
    }

    @Test func unknownZoneFallsBackToUTC() {
        #expect(start(Self.afterDST, locale: "en", zone: "Mars/Olympus")?["iso"] == "2026-03-09T14:00:00Z")
    }

    @Test(arguments: MessageKind.allCases)
    func contextHoldsExactlyTheDocumentedVariables(kind: MessageKind) {
        var leaves: Set<String> = []
        func collect(_ value: MustacheValue, _ path: String) {
            if case .dictionary(let entries) = value {
                for (key, child) in entries { collect(child, path.isEmpty ? key : "\(path).\(key)") }
            } else {
                leaves.insert(path)
            }
        }
        collect(SampleData.context(kind: kind), "")
        #expect(leaves == TemplateVariables.names(for: kind))
    }

    @Test(arguments: [
        (60, "en", "1 hour"), (1440, "en", "24 hours"), (30, "en", "30 minutes"), (2880, "en", "2 days"),
        (60, "es", "1 hora"), (1440, "es-MX", "24 horas"), (90, "es", "90 minutos"),
    ])
    func reminderLeadIsWorded(minutes: Int, locale: String, expected: String) {
        var input = SampleData.input(kind: .reminder, locale: locale)
        input.reminderLead = .seconds(minutes * 60)
        let reminder = RenderContext.make(input)["reminder"]
        #expect(reminder?["lead"] == .string(expected))
        #expect(reminder?["lead_minutes"] == .number(Double(minutes)))
    }

    @Test func absentOptionalValuesAreNull() {
        var input = SampleData.input(kind: .reminder)
        input.businessPhone = nil
        input.links.cancel = nil
        input.location.address = ""
        let context = RenderContext.make(input)
        #expect(context["business"]?["phone"] == .null)
        #expect(context["links"]?["cancel"] == .null)
        #expect(context["location"]?["address"] == .null)
    }

    /// Kept fields are the ones formatting gives, for every instant, locale
    /// and zone (the same instant in another zone or language is another
    /// answer), and no more than the limit are kept.
    @Test func keptFieldsAreTheFormattedOnes() {
        let kept = LocalizedMoment(formattedLimit: 5)
        let instants = [Self.beforeDST, Self.afterDST, Self.afterDST.addingTimeInterval(1_800)]
        let places = [("en", "America/New_York"), ("es", "America/New_York"), ("en", "Europe/Madrid"), ("es", "Mars/Olympus")]
        for round in 0..<3 {
            for instant in instants {
                for (locale, zone) in places {
                    let fresh = LocalizedMoment().fields(of: instant, locale: locale, timeZone: zone)
                    #expect(kept.fields(of: instant, locale: locale, timeZone: zone) == fresh, "round \(round), \(locale) \(zone)")
                    #expect(kept.formattedCount <= 5)
                }
            }
        }
    }
}
