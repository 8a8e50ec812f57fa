import Foundation
import Scheduling
import Testing

@Suite("Slots come from weekly rules minus buffers, lunch, closures and bookings")
struct SlotFinderTests {
    let monday = Fixtures.date(2025, 3, 10)

    func starts(_ finder: SlotFinder = Fixtures.finder(), _ service: Service = Fixtures.service(),
                _ schedule: ProviderSchedule = Fixtures.schedule(), on date: LocalDate? = nil, now: Date = Fixtures.longAgo) -> [String] {
        let slots = finder.slots(for: service, schedule: schedule, in: Fixtures.day(date ?? monday), now: now)
        return Fixtures.localTimes(slots.map(\.start))
    }

    @Test func aPlainDayOffersEveryGridPointThatFits() {
        let all = starts()
        #expect(all.count == 16 && all.first == "09:00" && all.last == "16:30")
        #expect(starts(on: Fixtures.date(2025, 3, 9)).isEmpty, "no rule on Sunday")
    }

    @Test func slotsCarryTheirEndAndBlockedInterval() throws {
        let finder = Fixtures.finder()
        let slot = try #require(finder.slots(for: Fixtures.service(before: 5, after: 15), schedule: Fixtures.schedule(),
                                             in: Fixtures.day(monday), now: Fixtures.longAgo).first)
        #expect(slot.start == Fixtures.at("2025-03-10T09:30:00-04:00"))
        #expect(slot.end == Fixtures.at("2025-03-10T10:00:00-04:00"))
        #expect(slot.blocked == Fixtures.at("2025-03-10T09:25:00-04:00")..<Fixtures.at("2025-03-10T10:15:00-04:00"))
    }

    @Test func buffersMustFitInsideWorkingHoursAtBothEdges() {
        // 15 min before: 9:00 would block from 8:45, so the first start is 9:15.
        #expect(starts(Fixtures.finder(), Fixtures.service(before: 15, step: 15)).first == "09:15")
        // 15 min after: 16:30 would block until 17:15, so the last start is 16:15.
        #expect(starts(Fixtures.finder(), Fixtures.service(after: 15, step: 15)).last == "16:15")
        // Exactly fitting: 30 min + 30 after ends at 17:00 when starting at 16:00.
        #expect(starts(Fixtures.finder(), Fixtures.service(after: 30)).last == "16:00")
    }

    @Test func aRecurringLunchBlockRemovesOverlappingSlotsOnItsWeekdaysOnly() {
        let lunch = TimeOff(.lunch, .weekly([.monday], start: Fixtures.time(12), end: Fixtures.time(13)))
        let schedule = Fixtures.schedule(timeOff: [lunch])
        let monday = starts(Fixtures.finder(), Fixtures.service(after: 15), schedule)
        #expect(!monday.contains("12:00") && !monday.contains("12:30"))
        #expect(!monday.contains("11:30"), "its cleanup would run into lunch")
        #expect(monday.contains("11:00") && monday.contains("13:00"))
        #expect(starts(Fixtures.finder(), Fixtures.service(after: 15), schedule, on: Fixtures.date(2025, 3, 11)).contains("12:00"))
    }

    @Test func oneOffTimeOffAndBookingsBlockExactlyTheirIntervals() {
        let personal = TimeOff(.personal, .once(Fixtures.at("2025-03-10T10:00:00-04:00")..<Fixtures.at("2025-03-10T11:00:00-04:00")))
        let booking = Fixtures.at("2025-03-10T14:00:00-04:00")..<Fixtures.at("2025-03-10T14:45:00-04:00")
        let all = starts(Fixtures.finder(), Fixtures.service(), Fixtures.schedule(timeOff: [personal], booked: [booking]))
        #expect(all.contains("09:30") && !all.contains("10:00") && !all.contains("10:30") && all.contains("11:00"))
        #expect(all.contains("13:30") && !all.contains("14:00") && !all.contains("14:30") && all.contains("15:00"))
    }

    @Test func aProvidersHolidayByDatesCoversWholeLocalDays() {
        let holiday = TimeOff(.holiday, .dates(monday...monday.adding(days: 1)))
        let schedule = Fixtures.schedule(timeOff: [holiday])
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule).isEmpty)
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule, on: monday.adding(days: 2)).count == 16)
    }

    @Test func backToBackBookingsTouchWithoutOverlapping() {
        let booking = Fixtures.at("2025-03-10T10:00:00-04:00")..<Fixtures.at("2025-03-10T10:30:00-04:00")
        let all = starts(Fixtures.finder(), Fixtures.service(), Fixtures.schedule(booked: [booking]))
        #expect(all.contains("09:30") && all.contains("10:30") && !all.contains("10:00"))
    }

    @Test func closuresShutTheLocationByLocalDateOrByInstants() {
        let holiday = Closure(.dates(monday...monday), reason: "public holiday")
        #expect(starts(Fixtures.finder(closures: [holiday])).isEmpty)
        #expect(starts(Fixtures.finder(closures: [holiday]), on: monday.adding(days: 1)).count == 16)
        let afternoon = Closure(.instants(Fixtures.at("2025-03-10T13:00:00-04:00")..<Fixtures.at("2025-03-10T23:00:00-04:00")))
        #expect(starts(Fixtures.finder(closures: [afternoon])).last == "12:30")
    }

    @Test func rulesApplyOnlyBetweenValidFromAndValidUntilInclusive() {
        let rules = AvailabilityRule.weekly(Weekday.workdays, from: Fixtures.time(9), to: Fixtures.time(17),
                                            validFrom: Fixtures.date(2025, 3, 11), validUntil: Fixtures.date(2025, 3, 12))
        let schedule = Fixtures.schedule(rules)
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule, on: monday).isEmpty)
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule, on: monday.adding(days: 1)).count == 16)
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule, on: monday.adding(days: 2)).count == 16)
        #expect(starts(Fixtures.finder(), Fixtures.service(), schedule, on: monday.adding(days: 3)).isEmpty)
    }

    @Test func touchingRulesJoinAndKeepTheEarlierGridAnchor() {
        let rules = [
            AvailabilityRule(weekday: .monday, start: Fixtures.time(9, 10), end: Fixtures.time(12)),
            AvailabilityRule(weekday: .monday, start: Fixtures.time(12), end: Fixtures.time(14)),
        ]
        let all = starts(Fixtures.finder(), Fixtures.service(minutes: 60), Fixtures.schedule(rules))
        #expect(all.first == "09:10" && all.contains("11:40"), "an hour across 12:00 fits in the joined window")
        #expect(all.last == "12:40")
    }

    @Test func anOvernightShiftSplitAtMidnightIsOneWindow() {
        let rules = [
            AvailabilityRule(weekday: .monday, start: Fixtures.time(22), end: .endOfDay),
            AvailabilityRule(weekday: .tuesday, start: .midnight, end: Fixtures.time(2)),
        ]
        let range = Fixtures.at("2025-03-10T22:00:00-04:00")..<Fixtures.at("2025-03-11T02:00:00-04:00")
        let slots = Fixtures.finder().slots(for: Fixtures.service(minutes: 60), schedule: Fixtures.schedule(rules), in: range, now: Fixtures.longAgo)
        #expect(Fixtures.localTimes(slots.map(\.start)) == ["22:00", "22:30", "23:00", "23:30", "00:00", "00:30", "01:00"])
    }

    @Test func minimumNoticeAndHorizonClipTheOfferedStarts() {
        let now = Fixtures.at("2025-03-10T09:50:00-04:00")
        let noticed = starts(Fixtures.finder(notice: 60), now: now)
        #expect(noticed.first == "11:00", "10:50 is the earliest allowed start; 11:00 the next grid point")
        let horizon = Fixtures.finder(horizonDays: 1)
        let today = horizon.slots(for: Fixtures.service(), schedule: Fixtures.schedule(), in: Fixtures.day(monday), now: now)
        #expect(today.first?.start == Fixtures.at("2025-03-10T10:00:00-04:00"))
        let tomorrow = horizon.slots(for: Fixtures.service(), schedule: Fixtures.schedule(), in: Fixtures.day(monday.adding(days: 1)), now: now)
        #expect(Fixtures.localTimes(tomorrow.map(\.start)) == ["09:00", "09:30"], "up to exactly 24 h ahead: 09:50 tomorrow")
    }

    @Test func providersElsewhereOrWithoutTheServiceHaveNoSlots() {
        let elsewhere = Fixtures.schedule(provider: Fixtures.provider(2, location: UUID()))
        let noHaircuts = Fixtures.schedule(provider: Fixtures.provider(3, services: []))
        #expect(starts(Fixtures.finder(), Fixtures.service(), elsewhere).isEmpty)
        #expect(starts(Fixtures.finder(), Fixtures.service(), noHaircuts).isEmpty)
    }
}
