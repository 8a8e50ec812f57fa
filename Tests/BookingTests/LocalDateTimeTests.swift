import Booking
import Foundation
import Testing

/// Typed local dates and times, read on a zone's wall clock under the
/// engine's rules for the days the clocks change.
@Suite("Local date and time as typed")
struct LocalDateTimeTests {
    let newYork = TimeZone(identifier: "America/New_York")!

    @Test func aDatetimeLocalValueNamesItsInstant() throws {
        let typed = try #require(LocalDateTime("2030-07-01T09:30"))
        #expect(typed.instant(in: newYork) == ISO8601DateFormatter().date(from: "2030-07-01T13:30:00Z"))
        #expect(LocalDateTime("2030-07-01 09:30") == typed)
        #expect(typed.fieldValue == "2030-07-01T09:30" && typed.description == "2030-07-01 09:30")
        #expect(LocalDateTime(try #require(typed.instant(in: newYork)), in: newYork) == typed)
    }

    @Test(arguments: ["", "2030-07-01", "2030-02-30T10:00", "2030-07-01T24:00", "2030-07-01T9:30", "2030-13-01T10:00",
                      "1899-12-31T10:00", "2030-07-01T10:00:00", "2030-07-01T10:60", "２０３０-07-01T10:00", "2030-07-01X10:00"])
    func anythingElseIsNotADateAndTime(_ text: String) {
        #expect(LocalDateTime(text) == nil)
    }

    @Test func aLeapDayExistsOnlyInLeapYears() {
        #expect(LocalDateTime("2028-02-29T10:00") != nil)
        #expect(LocalDateTime("2030-02-29T10:00") == nil)
    }

    @Test func aSkippedTimeNamesNoInstantAndARepeatedOneItsFirst() throws {
        // 2030: clocks go forward on 10 March at 02:00 and back on 3 November at 02:00 in New York.
        #expect(try #require(LocalDateTime("2030-03-10T02:30")).instant(in: newYork) == nil)
        let repeated = try #require(LocalDateTime("2030-11-03T01:30")).instant(in: newYork)
        #expect(repeated == ISO8601DateFormatter().date(from: "2030-11-03T05:30:00Z"), "01:30 EDT, the first of the two")
    }
}
