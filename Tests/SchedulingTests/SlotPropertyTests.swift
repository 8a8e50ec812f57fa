import Foundation
import Scheduling
import Testing

@Suite("Random schedules: every offered slot is really free, inside hours and on the grid")
struct SlotPropertyTests {
    static let schedules = 400

    @Test func everySlotIsFreeInsideHoursAndOnTheGrid() {
        var rng = SeededGenerator(seed: 20_250_309)
        var slotsChecked = 0
        for index in 0..<Self.schedules {
            let random = RandomSchedule(&rng)
            let slots = random.finder.slots(for: random.service, schedule: random.schedule, in: random.range, now: random.now)
            slotsChecked += slots.count
            let context = "schedule #\(index) in \(random.zone.identifier)"
            #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.start < $1.start }, "\(context): sorted, no duplicates")
            let found = slots.flatMap { problems($0, random) }
            #expect(found.isEmpty, "\(context): \(found.prefix(5))")
        }
        #expect(slotsChecked > 5_000, "the generator must produce enough slots to mean something")
    }

    @Test func validationAcceptsExactlyTheListedStarts() {
        var rng = SeededGenerator(seed: 7)
        for index in 0..<Self.schedules {
            let random = RandomSchedule(&rng)
            let listed = random.finder.slots(for: random.service, schedule: random.schedule, in: random.range, now: random.now)
            let starts = Set(listed.map(\.start))
            var candidates = Array(listed.shuffled(using: &rng).prefix(10).map(\.start))
            let lattice = Int(random.range.upperBound.timeIntervalSince(random.range.lowerBound) / 300)
            candidates += (0..<20).map { _ in random.range.lowerBound.addingTimeInterval(TimeInterval(Int.random(in: 0..<lattice, using: &rng) * 300)) }
            let disagreements = candidates.filter { start in
                let accepted = (try? random.finder.validate(start: start, service: random.service, schedule: random.schedule,
                                                            now: random.now).get()) != nil
                return accepted != starts.contains(start)
            }
            #expect(disagreements.isEmpty, "schedule #\(index) in \(random.zone.identifier): \(disagreements)")
        }
    }

    /// What is wrong with one slot, as readable lines; empty when it is sound.
    /// (Collected rather than asserted one by one: an `#expect` per point made
    /// the suite a hundred times slower.)
    private func problems(_ slot: Slot, _ random: RandomSchedule) -> [String] {
        let policy = random.finder.policy
        let oracle = BruteForceClock(random.zone)
        let start = Int64(slot.start.timeIntervalSince1970)
        let local = start + oracle.offset(start)
        let step = Int64(random.service.slotStep)
        var points: [Date] = []
        var point = slot.blocked.lowerBound
        while point < slot.blocked.upperBound {
            points.append(point)
            point = point.addingTimeInterval(300)
        }
        let checks: [(Bool, String)] = [
            (random.range.contains(slot.start), "outside the query"),
            (slot.start >= random.now.addingTimeInterval(policy.minimumNotice), "breaks the notice"),
            (slot.start <= random.now.addingTimeInterval(policy.horizon), "beyond the horizon"),
            (slot.blocked == random.service.blockedInterval(startingAt: slot.start), "wrong blocked interval"),
            (!random.instantBusy.contains { $0.overlaps(slot.blocked) }, "overlaps a booking, time off or closure"),
            (!random.localBlocks.contains { $0.overlaps(slot.blocked) }, "overlaps a weekly block or closed date"),
            (points.allSatisfy { p in random.ruleWindows.contains { $0.interval.contains(p) } }, "leaves working hours"),
            (oracle.instants(local).first == start, "is the second reading of a repeated local time"),
            (random.ruleWindows.contains { $0.interval.contains(slot.start) && local >= $0.anchor && (local - $0.anchor) % step == 0 },
             "is off the grid"),
        ]
        return checks.filter { !$0.0 }.map { "\(slot.start.formatted(.iso8601)) \($0.1)" }
    }
}
