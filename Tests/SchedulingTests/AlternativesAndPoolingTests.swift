import Foundation
import Scheduling
import Testing

@Suite("Alternatives to a taken time, and slots pooled across providers")
struct AlternativesAndPoolingTests {
    let alice = Fixtures.provider(1)
    let bob = Fixtures.provider(2)

    @Test func upToThreeNearestFreeStartsInChronologicalOrder() {
        let taken = Fixtures.at("2025-03-10T10:00:00-04:00")..<Fixtures.at("2025-03-10T11:00:00-04:00")
        let schedule = Fixtures.schedule(booked: [taken])
        let found = Fixtures.finder().alternatives(to: Fixtures.at("2025-03-10T10:00:00-04:00"), service: Fixtures.service(),
                                                   schedule: schedule, now: Fixtures.longAgo)
        #expect(Fixtures.localTimes(found.map(\.start)) == ["09:00", "09:30", "11:00"])
    }

    @Test func tiesGoToTheEarlierStart() {
        let found = Fixtures.finder().alternatives(to: Fixtures.at("2025-03-10T10:15:00-04:00"), service: Fixtures.service(),
                                                   schedule: Fixtures.schedule(), now: Fixtures.longAgo, limit: 1)
        #expect(found.map(\.start) == [Fixtures.at("2025-03-10T10:00:00-04:00")])
    }

    @Test func theSearchLooksIntoOtherDays() {
        // Monday fully booked: Tuesday morning (20 h away) beats Friday afternoon (67.5 h away).
        let taken = Fixtures.at("2025-03-10T09:00:00-04:00")..<Fixtures.at("2025-03-10T17:00:00-04:00")
        let found = Fixtures.finder().alternatives(to: Fixtures.at("2025-03-10T13:00:00-04:00"), service: Fixtures.service(),
                                                   schedule: Fixtures.schedule(booked: [taken]), now: Fixtures.longAgo, limit: 2)
        #expect(found.map(\.start) == [Fixtures.at("2025-03-11T09:00:00-04:00"), Fixtures.at("2025-03-11T09:30:00-04:00")])
    }

    @Test func noAlternativesWhenNothingIsFreeNearby() {
        let found = Fixtures.finder().alternatives(to: Fixtures.at("2025-03-10T10:00:00-04:00"), service: Fixtures.service(),
                                                   schedule: Fixtures.schedule([]), now: Fixtures.longAgo)
        #expect(found.isEmpty)
    }

    @Test func anyProviderMergesByStartAndListsWhoIsFree() throws {
        let aliceBusy = Fixtures.schedule(booked: [Fixtures.at("2025-03-10T09:00:00-04:00")..<Fixtures.at("2025-03-10T09:30:00-04:00")],
                                          provider: alice)
        let bobLate = Fixtures.schedule(AvailabilityRule.weekly([.monday], from: Fixtures.time(8, 45), to: Fixtures.time(10)), provider: bob)
        let elsewhere = Fixtures.schedule(provider: Fixtures.provider(3, location: UUID()))
        let pooled = Fixtures.finder().slots(for: Fixtures.service(), schedules: [aliceBusy, bobLate, elsewhere],
                                             in: Fixtures.day(Fixtures.date(2025, 3, 10)), now: Fixtures.longAgo)
        #expect(Fixtures.localTimes(Array(pooled.prefix(5)).map(\.start)) == ["08:45", "09:15", "09:30", "10:00", "10:30"])
        #expect(pooled[0].providerIDs == [bob.id])
        #expect(pooled[2].providerIDs == [alice.id])
        #expect(pooled.count == 17, "alice's 15 free starts and bob's 08:45 and 09:15 (his grid is anchored at 08:45)")
        let quarterPast = try #require(pooled.first { $0.start == Fixtures.at("2025-03-10T09:15:00-04:00") })
        #expect(quarterPast.providerIDs == [bob.id] && quarterPast.end == Fixtures.at("2025-03-10T09:45:00-04:00"))
    }

    @Test func sharedStartsListEveryFreeProviderInScheduleOrder() {
        let pooled = Fixtures.finder().slots(for: Fixtures.service(), schedules: [Fixtures.schedule(provider: bob), Fixtures.schedule(provider: alice)],
                                             in: Fixtures.day(Fixtures.date(2025, 3, 10)), now: Fixtures.longAgo)
        #expect(pooled.count == 16 && pooled.allSatisfy { $0.providerIDs == [bob.id, alice.id] })
    }

    @Test func anyProviderAlternativesSkipTimesWhenEveryoneIsBusy() {
        let busy = Fixtures.at("2025-03-10T10:00:00-04:00")..<Fixtures.at("2025-03-10T10:30:00-04:00")
        let schedules = [Fixtures.schedule(booked: [busy], provider: alice), Fixtures.schedule(booked: [busy], provider: bob)]
        let found = Fixtures.finder().alternatives(to: Fixtures.at("2025-03-10T10:00:00-04:00"), service: Fixtures.service(),
                                                   schedules: schedules, now: Fixtures.longAgo)
        #expect(Fixtures.localTimes(found.map(\.start)) == ["09:00", "09:30", "10:30"], "09:00 and 11:00 tie; the earlier wins")
        #expect(found.allSatisfy { $0.providerIDs == [alice.id, bob.id] })
    }
}
