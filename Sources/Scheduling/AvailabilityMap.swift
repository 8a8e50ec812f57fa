import Foundation

/// One provider's working windows and busy time over a stretch of dates, in
/// instants: built once per query, then asked about many candidate slots.
struct AvailabilityMap: Sendable {
    let windows: [WorkingWindow]
    let closed: IntervalSet
    let timeOff: IntervalSet
    let booked: IntervalSet

    /// Covers every window that can hold a slot starting in `span`: rules are
    /// expanded one local date either side, because a window belongs to the
    /// local date its rule names, which may differ from the UTC date.
    init(schedule: ProviderSchedule, closures: [Closure], span: Range<Date>, clock: WallClock) {
        let dates = clock.localDate(of: span.lowerBound).adding(days: -1)...clock.localDate(of: span.upperBound).adding(days: 1)
        windows = WorkingWindow.windows(rules: schedule.rules, dates: dates, clock: clock)
        closed = IntervalSet(closures.flatMap { $0.period.instants(clock: clock) })
        timeOff = IntervalSet(schedule.timeOff.flatMap { $0.period.instants(dates: dates, clock: clock) })
        booked = IntervalSet(schedule.booked)
    }

    /// The window holding all of `blocked`, if any.
    func window(containing blocked: Range<Date>) -> WorkingWindow? {
        windows.first { $0.interval.lowerBound <= blocked.lowerBound && blocked.upperBound <= $0.interval.upperBound }
    }

    /// Why `blocked` is busy, checked in the order a customer would care about.
    func conflict(with blocked: Range<Date>) -> SchedulingError.Code? {
        if closed.overlaps(blocked) { return .closed }
        if timeOff.overlaps(blocked) { return .timeOff }
        if booked.overlaps(blocked) { return .slotTaken }
        return nil
    }
}
