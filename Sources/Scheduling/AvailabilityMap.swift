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
        closed = IntervalSet(closures.flatMap { Self.instants(of: $0.period, clock: clock) })
        timeOff = IntervalSet(schedule.timeOff.flatMap { Self.instants(of: $0.period, dates: dates, clock: clock) })
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

    private static func instants(of period: Closure.Period, clock: WallClock) -> [Range<Date>] {
        switch period {
        case .instants(let range):
            return [range]
        case .dates(let dates):
            return wholeDays(dates, clock: clock)
        }
    }

    /// From local midnight starting the first date to local midnight ending the last.
    private static func wholeDays(_ dates: ClosedRange<LocalDate>, clock: WallClock) -> [Range<Date>] {
        let start = clock.boundary(localSeconds: WallClock.localSeconds(dates.lowerBound, .midnight))
        let end = clock.boundary(localSeconds: WallClock.localSeconds(dates.upperBound.adding(days: 1), .midnight))
        return start < end ? [start..<end] : []
    }

    private static func instants(of period: TimeOff.Period, dates: ClosedRange<LocalDate>, clock: WallClock) -> [Range<Date>] {
        switch period {
        case .once(let range):
            return [range]
        case .dates(let days):
            return wholeDays(days, clock: clock)
        case let .weekly(weekdays, start, end):
            return (dates.lowerBound.dayNumber...dates.upperBound.dayNumber).compactMap { dayNumber in
                let date = LocalDate(dayNumber: dayNumber)
                guard weekdays.contains(date.weekday) else { return nil }
                let from = clock.boundary(localSeconds: WallClock.localSeconds(date, start))
                let to = clock.boundary(localSeconds: WallClock.localSeconds(date, end))
                return from < to ? from..<to : nil
            }
        }
    }
}
