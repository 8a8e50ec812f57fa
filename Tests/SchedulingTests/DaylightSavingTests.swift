import Foundation
import Scheduling
import Testing

@Suite("Working hours follow the wall clock through DST changes")
struct DaylightSavingTests {
    let ny = Fixtures.newYork
    let london = Fixtures.london

    func allDay(_ weekday: Weekday, _ from: LocalTime, _ to: LocalTime) -> ProviderSchedule {
        Fixtures.schedule([AvailabilityRule(weekday: weekday, start: from, end: to)])
    }

    func slots(_ zone: TimeZone, _ schedule: ProviderSchedule, _ date: LocalDate, _ service: Service = Fixtures.service()) -> [Slot] {
        Fixtures.finder(zone).slots(for: service, schedule: schedule, in: Fixtures.day(date, in: zone), now: Fixtures.longAgo)
    }

    @Test func nineToFiveStaysNineToFiveLocalOnBothChangeDaysInNewYork() {
        for date in [Fixtures.date(2025, 3, 9), Fixtures.date(2025, 11, 2)] {
            let found = slots(ny, allDay(.sunday, Fixtures.time(9), Fixtures.time(17)), date)
            #expect(Fixtures.localTimes(found.map(\.start), in: ny).first == "09:00")
            #expect(Fixtures.localTimes(found.map(\.start), in: ny).last == "16:30")
            #expect(found.count == 16)
        }
        #expect(slots(ny, allDay(.sunday, Fixtures.time(9), Fixtures.time(17)), Fixtures.date(2025, 3, 9)).first?.start
                == Fixtures.at("2025-03-09T13:00:00Z"))
        #expect(slots(ny, allDay(.sunday, Fixtures.time(9), Fixtures.time(17)), Fixtures.date(2025, 3, 2)).first?.start
                == Fixtures.at("2025-03-02T14:00:00Z"))
    }

    @Test func springForwardSkipsStartsInTheMissingHour() {
        let found = slots(ny, allDay(.sunday, Fixtures.time(1), Fixtures.time(5)), Fixtures.date(2025, 3, 9))
        #expect(Fixtures.localTimes(found.map(\.start), in: ny) == ["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"])
        // 01:30 EST + 60 min ends at 03:30 EDT: elapsed time runs through the jump.
        let hour = slots(ny, allDay(.sunday, Fixtures.time(1), Fixtures.time(5)), Fixtures.date(2025, 3, 9), Fixtures.service(minutes: 60))
        #expect(hour.first { $0.start == Fixtures.at("2025-03-09T01:30:00-05:00") }?.end == Fixtures.at("2025-03-09T03:30:00-04:00"))
    }

    @Test func aRuleStartingInsideTheMissingHourStartsAtTheJump() {
        let found = slots(ny, allDay(.sunday, Fixtures.time(2, 30), Fixtures.time(4)), Fixtures.date(2025, 3, 9))
        #expect(found.map(\.start) == [Fixtures.at("2025-03-09T03:00:00-04:00"), Fixtures.at("2025-03-09T03:30:00-04:00")])
    }

    @Test func fallBackOffersTheRepeatedHourOnceAtTheEarlierOffset() {
        let found = slots(ny, allDay(.sunday, Fixtures.time(0), Fixtures.time(4)), Fixtures.date(2025, 11, 2))
        #expect(Fixtures.localTimes(found.map(\.start), in: ny) == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30"])
        #expect(found[3].start == Fixtures.at("2025-11-02T01:30:00-04:00"))
        #expect(found[4].start == Fixtures.at("2025-11-02T02:00:00-05:00"), "an elapsed hour passes between 01:30 EDT and 02:00 EST")
        #expect(Set(found.map(\.start)).count == found.count)
    }

    @Test func aLunchBlockIsLocalTimeOnTheChangeDayToo() {
        let lunch = TimeOff(.lunch, .weekly([.sunday], start: Fixtures.time(12), end: Fixtures.time(13)))
        let schedule = Fixtures.schedule([AvailabilityRule(weekday: .sunday, start: Fixtures.time(9), end: Fixtures.time(17))], timeOff: [lunch])
        let found = Fixtures.localTimes(slots(ny, schedule, Fixtures.date(2025, 3, 9)).map(\.start), in: ny)
        #expect(!found.contains("12:00") && !found.contains("12:30") && found.contains("11:30") && found.contains("13:00"))
    }

    @Test func londonSpringForwardAndFallBack() {
        let spring = slots(london, allDay(.sunday, Fixtures.time(0), Fixtures.time(3)), Fixtures.date(2025, 3, 30))
        #expect(Fixtures.localTimes(spring.map(\.start), in: london) == ["00:00", "00:30", "02:00", "02:30"])
        #expect(spring[2].start == Fixtures.at("2025-03-30T01:00:00Z"))
        let autumn = slots(london, allDay(.sunday, Fixtures.time(0), Fixtures.time(3)), Fixtures.date(2025, 10, 26))
        #expect(Fixtures.localTimes(autumn.map(\.start), in: london) == ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"])
        #expect(autumn[2].start == Fixtures.at("2025-10-26T00:00:00Z") && autumn[4].start == Fixtures.at("2025-10-26T02:00:00Z"))
        let nineToFive = slots(london, allDay(.sunday, Fixtures.time(9), Fixtures.time(17)), Fixtures.date(2025, 3, 30))
        #expect(nineToFive.first?.start == Fixtures.at("2025-03-30T08:00:00Z") && nineToFive.count == 16)
    }

    @Test func aClosureDateCoversTheWholeShortOrLongLocalDay() {
        let day = Fixtures.date(2025, 11, 2)
        let closure = Closure(.dates(day...day))
        let finder = Fixtures.finder(ny, closures: [closure])
        let rules = AvailabilityRule.weekly([.saturday, .sunday, .monday], from: .midnight, to: .endOfDay)
        let found = finder.slots(for: Fixtures.service(), schedule: Fixtures.schedule(rules),
                                 in: Fixtures.at("2025-11-01T00:00:00-04:00")..<Fixtures.at("2025-11-04T00:00:00-05:00"), now: Fixtures.longAgo)
        #expect(!found.contains { WallClock(ny).localDate(of: $0.start) == day })
        #expect(found.contains { $0.start == Fixtures.at("2025-11-01T23:30:00-04:00") })
        #expect(found.contains { $0.start == Fixtures.at("2025-11-03T00:00:00-05:00") })
    }
}
