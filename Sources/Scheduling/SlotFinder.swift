public import Foundation

/// The availability engine: the free start times for a service at one location.
///
/// The rules, which the tests in `Tests/SchedulingTests` pin down one by one:
///
/// 1. **Blocked interval.** A booking starting at `s` blocks its provider for
///    [s − buffer before, s + duration + buffer after). The whole blocked
///    interval, buffers included, must lie inside one working window, and must
///    not overlap a location closure, the provider's time off, or the blocked
///    interval of another confirmed or held booking. Half-open intervals:
///    touching is not overlapping, so back-to-back bookings fit.
/// 2. **Working windows.** A weekly rule gives hours on every local date whose
///    weekday matches and that lies within valid-from … valid-until (both
///    inclusive). Weekdays are ISO (Monday 1 … Sunday 7). Windows of the same
///    provider that overlap or touch (9–12 and 12–17, or an overnight shift
///    split at midnight) join into one window.
/// 3. **Local time.** Rules, recurring blocks and closure dates are wall-clock
///    times in the location's IANA zone, so on DST days a 9–17 rule is still
///    9–17 local (7 or 9 elapsed hours if the change falls inside it).
///    Durations, buffers, notice, horizon and reminder offsets are elapsed time.
/// 4. **Skipped local times** (clocks go forward) do not exist: no slot starts
///    at one, and a window or block edge that falls in the gap moves to the
///    instant of the jump, so a 02:30–04:00 rule on the spring-forward night
///    covers 03:00–04:00.
/// 5. **Repeated local times** (clocks go back) take the **earlier offset**:
///    01:30 on the fall-back night in New York means 01:30 EDT, the first
///    occurrence. The second pass through that hour therefore offers no start
///    times of its own (though an appointment may run through it).
/// 6. **Grid.** Start times are the wall-clock times anchor + k × slot step,
///    where the anchor is the local start of the working window (of its
///    earliest rule, when windows joined), resolved by rules 4 and 5. With a
///    buffer before, the first start is the first grid point whose buffer
///    still fits inside the window.
/// 7. **Policy.** A start must be at least the minimum notice after `now`
///    and at most the horizon after `now`; a query returns starts in
///    [range start, range end).
/// 8. **Validation** applies the same rules to one requested start and
///    reports the first one broken, in this order: service not offered, too
///    soon, beyond horizon, outside hours, off grid, closed, time off, slot
///    taken. The grid is enforced by default (a 9:07 start would fragment the
///    day into gaps no listed slot can fill); callers acting for an admin may
///    pass `requireGrid: false`.
/// 9. **Any provider.** Slots of every provider at the location who offers
///    the service are merged by start instant; each lists the providers free
///    then, in the order the schedules were given.
public struct SlotFinder: Sendable {
    public let location: Location
    public let policy: BookingPolicy
    /// Location-wide closures (public holidays), applying to every provider here.
    public let closures: [Closure]
    let clock: WallClock

    public init(location: Location, policy: BookingPolicy, closures: [Closure] = []) {
        self.location = location
        self.policy = policy
        self.closures = closures
        self.clock = WallClock(location.timeZone)
    }

    /// The free start times with one provider, in order, starting in `range`.
    public func slots(for service: Service, schedule: ProviderSchedule, in range: Range<Date>, now: Date) -> [Slot] {
        guard offers(service, schedule.provider) else { return [] }
        let allowed = policy.startWindow(now: now)
        let lower = max(range.lowerBound, allowed.lowerBound)
        let upper = min(range.upperBound, allowed.upperBound.addingTimeInterval(1))
        guard lower < upper else { return [] }
        let map = AvailabilityMap(schedule: schedule, closures: closures, span: lower..<upper, clock: clock)
        var slots: [Slot] = []
        for window in map.windows where window.interval.upperBound > lower && window.interval.lowerBound < upper.addingTimeInterval(service.bufferBefore) {
            for start in window.gridStarts(step: Int64(service.slotStep), clock: clock, until: upper)
            where start >= lower && start <= allowed.upperBound {
                let blocked = service.blockedInterval(startingAt: start)
                guard blocked.lowerBound >= window.interval.lowerBound, blocked.upperBound <= window.interval.upperBound,
                      map.conflict(with: blocked) == nil
                else { continue }
                slots.append(slot(service, schedule.provider, start))
            }
        }
        return slots
    }

    /// Whether `provider` can take `service` here: it offers it and works at this location.
    public func offers(_ service: Service, _ provider: Provider) -> Bool {
        provider.locationID == location.id && provider.serviceIDs.contains(service.id)
    }

    func slot(_ service: Service, _ provider: Provider, _ start: Date) -> Slot {
        Slot(providerID: provider.id, start: start, end: start.addingTimeInterval(service.duration),
             blocked: service.blockedInterval(startingAt: start))
    }
}
