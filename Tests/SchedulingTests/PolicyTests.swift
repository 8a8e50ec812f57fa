import Foundation
import Scheduling
import Testing

@Suite("Cancellation cut-off and reminder planning use elapsed time")
struct PolicyTests {
    let start = Fixtures.at("2025-03-11T10:00:00-04:00")

    @Test func cancellingIsAllowedUntilExactlyTheNoticeBeforeTheStart() {
        let terms = CancellationTerms(startsAt: start, notice: Fixtures.hours(24))
        #expect(terms.deadline == Fixtures.at("2025-03-10T10:00:00-04:00"))
        #expect(terms.canCancel(now: start.addingTimeInterval(-Fixtures.hours(24) - 60)))
        #expect(terms.canCancel(now: terms.deadline))
        #expect(!terms.canCancel(now: start.addingTimeInterval(-Fixtures.hours(24) + 60)))
        #expect(!terms.canReschedule(now: start.addingTimeInterval(-Fixtures.hours(24) + 60)))
    }

    @Test func theNoticeIsElapsedTimeAcrossADSTChange() {
        // 10:00 EDT on the spring-forward day: 24 h earlier is 09:00 EST the day before.
        let terms = CancellationTerms(startsAt: Fixtures.at("2025-03-09T10:00:00-04:00"), notice: Fixtures.hours(24))
        #expect(terms.deadline == Fixtures.at("2025-03-08T09:00:00-05:00"))
    }

    @Test func remindersAreSentAtTheirTimeWhenBookedWellAhead() {
        let bookedAt = start.addingTimeInterval(-Fixtures.hours(72))
        let plan = ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: bookedAt)
        #expect(plan.map(\.timing) == [.onTime(start.addingTimeInterval(-Fixtures.hours(24))), .onTime(start.addingTimeInterval(-3600))])
        #expect(plan.map(\.offset) == [Fixtures.hours(24), Fixtures.hours(1)])
    }

    @Test func bookedTwentyHoursAheadTheDayBeforeReminderGoesAtOnce() {
        let bookedAt = start.addingTimeInterval(-Fixtures.hours(20))
        let plan = ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: bookedAt)
        #expect(plan.map(\.timing) == [.late(bookedAt), .onTime(start.addingTimeInterval(-3600))])
    }

    @Test func bookedTwelveHoursAheadOnlyTheHourBeforeReminderIsSent() {
        let bookedAt = start.addingTimeInterval(-Fixtures.hours(12))
        let plan = ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: bookedAt)
        #expect(plan.map(\.timing) == [.skipped, .onTime(start.addingTimeInterval(-3600))])
        #expect(plan.map(\.sendAt) == [nil, start.addingTimeInterval(-3600)])
    }

    @Test func twoThirdsIsTheInclusiveThreshold() {
        let planner = ReminderPlanner(offsets: [Fixtures.hours(24)])
        let exactly = start.addingTimeInterval(-Fixtures.hours(16))
        #expect(planner.plan(start: start, bookedAt: exactly, now: exactly).map(\.timing) == [.late(exactly)])
        let justUnder = exactly.addingTimeInterval(1)
        #expect(planner.plan(start: start, bookedAt: justUnder, now: justUnder).map(\.timing) == [.skipped])
    }

    @Test func aPlannerCatchingUpAfterDowntimeFollowsTheSameRule() {
        let bookedAt = start.addingTimeInterval(-Fixtures.hours(72))
        let afterOutage = start.addingTimeInterval(-Fixtures.minutes(50))
        let plan = ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: afterOutage)
        #expect(plan.map(\.timing) == [.skipped, .late(afterOutage)])
        let tooLate = start.addingTimeInterval(-Fixtures.minutes(30))
        #expect(ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: tooLate).map(\.timing) == [.skipped, .skipped])
        #expect(ReminderPlanner().plan(start: start, bookedAt: bookedAt, now: start).allSatisfy { $0.timing == .skipped })
    }

    @Test func theDayBeforeReminderIsTwentyFourElapsedHoursAcrossFallBack() {
        let sunday = Fixtures.at("2025-11-02T10:00:00-05:00")
        let plan = ReminderPlanner().plan(start: sunday, bookedAt: Fixtures.longAgo, now: Fixtures.longAgo)
        #expect(plan.first?.sendAt == Fixtures.at("2025-11-01T11:00:00-04:00"), "11:00 EDT Saturday, not 10:00")
    }
}
