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
