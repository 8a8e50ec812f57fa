import Booking
import Foundation
import HTTPServer
import Scheduling
import Testing
@testable import API

/// The availability answer is written by hand for speed; these pin it to the
/// bytes `JSONEncoder` (`APIJSON.response`) writes for the same view.
@Suite struct AvailabilityJSONTests {
    private func encoded(_ view: AvailabilityView) -> [UInt8] { APIJSON.response(view).body }

    @Test func aWeekOfSlotsIsWrittenAsTheEncoderWritesIt() {
        var random = SystemRandomNumberGenerator()
        for zoneName in ["America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"] {
            let zone = TimeZone(identifier: zoneName)!
            // Fractional instants too: both write whole seconds, rounded down.
            let from = Date(timeIntervalSince1970: Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &random)) + 0.75)
            let providers = (0..<3).map { _ in UUID() }
            var offsets = ZoneOffsets(zone)
            let slots = (0..<300).map { index in
                let start = from.addingTimeInterval(Double(index) * 900)
                return SlotView(AvailableSlot(start: start, end: start.addingTimeInterval(1_800),
                                              providerIDs: Array(providers.prefix(index % 3 + 1))), offsets: &offsets)
            }
            for slot in slots {
                #expect(slot.localStart == APIJSON.local(slot.start, zone) && slot.localEnd == APIJSON.local(slot.end, zone))
            }
            let view = AvailabilityView(service: APIJSON.id(UUID()), location: APIJSON.id(UUID()), provider: "any", timeZone: zone.identifier,
                                        from: from, to: from.addingTimeInterval(7 * 86_400), slots: slots)
            #expect(view.json == encoded(view), "\(zoneName)")
        }
    }

    @Test func noSlotsIsAnEmptyArray() {
        let view = AvailabilityView(service: "s", location: "l", provider: "p", timeZone: "Europe/Paris",
                                    from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 86_400), slots: [])
        #expect(view.json == encoded(view))
        #expect(String(decoding: view.json, as: UTF8.self).contains("\"slots\":[]"))
    }

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() {
        let every = String(decoding: (0..<0x80).map(UInt8.init) + Array("é/€😀".utf8), as: UTF8.self)
        let view = AvailabilityView(service: every, location: "\"quoted\\", provider: "a/b", timeZone: "\u{7}",
                                    from: Date(timeIntervalSince1970: 1), to: Date(timeIntervalSince1970: 2), slots: [])
        #expect(view.json == encoded(view))
    }

    @Test func idsAreWrittenAsFoundationWritesThem() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(APIJSON.id(id) == id.uuidString.lowercased())
        }
    }
}
