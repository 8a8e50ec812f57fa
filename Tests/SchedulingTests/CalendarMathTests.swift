import Foundation
import Scheduling
import Testing

@Suite("Local dates, weekdays and wall-clock resolution around DST")
struct CalendarMathTests {
    @Test func localDatesRoundTripAndKnowTheirWeekday() {
        let date = Fixtures.date(2024, 2, 29)
        #expect(date.description == "2024-02-29")
        #expect(date.adding(days: 1).description == "2024-03-01")
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01" && LocalDate(dayNumber: 0).weekday == .thursday)
        #expect(Fixtures.date(2025, 3, 10).weekday == .monday && Fixtures.date(2025, 3, 9).weekday == .sunday)
        #expect(Fixtures.date(1969, 12, 31).dayNumber == -1)
        for dayNumber in stride(from: -800_000, through: 800_000, by: 997) {
            let d = LocalDate(dayNumber: dayNumber)
            #expect(LocalDate(year: d.year, month: d.month, day: d.day) == d)
        }
    }

    @Test func aTypedDateIsReadOnlyWhenTheCalendarHasIt() {
        // Every day of 400 years (every leap rule) is read back as it is written.
        var date = LocalDate(year: 1900, month: 1, day: 1)
        while date.year < 2300 {
            #expect(LocalDate(iso: date.description) == date, "\(date)")
            date = date.adding(days: 1)
        }
        #expect(LocalDate(iso: "0000-01-01")?.year == 0)
        for text in ["2026-02-29", "2100-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-06-00", "2026-06-32",
                     "2026-1-010", "2026/06/01", "+026-06-01", "2026-06-01T", "2026-06-1", "", "２０２６-06-01"] {
            #expect(LocalDate(iso: text) == nil, "\(text)")
        }
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(iso: "2000-02-29") != nil)
    }

    @Test func anOperatorsTypedTimeIsReadExactlyOrRefused() {
        let cases: [(String, String)] = [
            ("2026-12-01T09:30:00Z", "2026-12-01T09:30:00Z"), ("2026-12-01 09:30", "2026-12-01T09:30:00Z"),
            ("  2026-12-01t09:30:15  ", "2026-12-01T09:30:15Z"), ("2026-12-01T09:30:00+01:00", "2026-12-01T08:30:00Z"),
            ("2026-12-01T23:30:00-0130", "2026-12-02T01:00:00Z"), ("2026-12-01", "2026-12-01T00:00:00Z"),
            ("2024-02-29T00:00:00z", "2024-02-29T00:00:00Z"), ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ]
        for (text, expected) in cases {
            #expect(TypedInstant.parse(text) == Fixtures.at(expected), "\(text)")
        }
        #expect(TypedInstant.parse("2026-12-01T09:30:00.25Z")?.timeIntervalSince(Fixtures.at("2026-12-01T09:30:00Z")) == 0.25)
        for text in ["2026-02-30", "2026-02-30T10:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T09:60", "2026-12-01T09:30:60Z",
                     "2026-12-01T09:30:00+24:00", "2026-12-01T09:30:00+01:60", "2026-12-01T9:30", "2026-12-01T09:30:00.Z",
                     "2026-12-01T09:30:00 Z", "2026-12-01T09:30:00Zx", "2026-12-01T", "2026-12-01X09:30", "yesterday", "", "   "] {
            #expect(TypedInstant.parse(text) == nil, "\(text)")
        }
    }

    @Test func springForwardSkipsTheMissingHourInNewYork() {
        let clock = WallClock(Fixtures.newYork)
        let day = Fixtures.date(2025, 3, 9)
        #expect(clock.resolve(day, Fixtures.time(2, 30)) == .skipped(transition: Fixtures.at("2025-03-09T07:00:00Z")))
        #expect(clock.instant(day, Fixtures.time(2, 30)) == nil)
        #expect(clock.instant(day, Fixtures.time(1, 59)) == Fixtures.at("2025-03-09T01:59:00-05:00"))
        #expect(clock.instant(day, Fixtures.time(3)) == Fixtures.at("2025-03-09T03:00:00-04:00"))
    }

    @Test func fallBackTakesTheEarlierOffsetInNewYork() {
        let clock = WallClock(Fixtures.newYork)
        let day = Fixtures.date(2025, 11, 2)
        let resolution = clock.resolve(day, Fixtures.time(1, 30))
        #expect(resolution == .ambiguous(earlier: Fixtures.at("2025-11-02T01:30:00-04:00"), later: Fixtures.at("2025-11-02T01:30:00-05:00")))
        #expect(clock.instant(day, Fixtures.time(1, 30)) == Fixtures.at("2025-11-02T05:30:00Z"))
        #expect(clock.localTime(of: Fixtures.at("2025-11-02T06:30:00Z")) == Fixtures.time(1, 30))
    }

    @Test func londonSkipsOneAndRepeatsOneAtOneOClock() {
        let clock = WallClock(Fixtures.london)
        #expect(clock.resolve(Fixtures.date(2025, 3, 30), Fixtures.time(1, 30)) == .skipped(transition: Fixtures.at("2025-03-30T01:00:00Z")))
        #expect(clock.instant(Fixtures.date(2025, 10, 26), Fixtures.time(1, 30)) == Fixtures.at("2025-10-26T00:30:00Z"))
        #expect(clock.localDate(of: Fixtures.at("2025-06-30T23:30:00Z")) == Fixtures.date(2025, 7, 1))
    }
}
