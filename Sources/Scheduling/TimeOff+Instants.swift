public import Foundation

extension TimeOff.Period {
    /// The stretches this period blocks on `dates` (a weekly block once per
    /// matching date; a one-off stretch and whole dates as they are), on the
    /// zone's wall clock: whole dates run from local midnight to local
    /// midnight, and a boundary the clocks skipped moves to the jump. The
    /// engine blocks these; a calendar shows them.
    public func instants(dates: ClosedRange<LocalDate>, clock: WallClock) -> [Range<Date>] {
        switch self {
        case .once(let range):
            return [range]
        case .dates(let days):
            return clock.wholeDays(days)
        case let .weekly(weekdays, start, end):
            var resolver = WallClock.Resolver(clock)
            return (dates.lowerBound.dayNumber...dates.upperBound.dayNumber).compactMap { dayNumber in
                let date = LocalDate(dayNumber: dayNumber)
                guard weekdays.contains(date.weekday) else { return nil }
                let from = resolver.boundary(localSeconds: WallClock.localSeconds(date, start))
                let to = resolver.boundary(localSeconds: WallClock.localSeconds(date, end))
                return from < to ? from..<to : nil
            }
        }
    }
}

extension Closure.Period {
    /// The stretch the location is shut, on the zone's wall clock.
    public func instants(clock: WallClock) -> [Range<Date>] {
        switch self {
        case .instants(let range):
            return [range]
        case .dates(let dates):
            return clock.wholeDays(dates)
        }
    }
}

extension WallClock {
    /// From local midnight starting the first date to local midnight ending the last.
    func wholeDays(_ dates: ClosedRange<LocalDate>) -> [Range<Date>] {
        var resolver = Resolver(self)
        let start = resolver.boundary(localSeconds: Self.localSeconds(dates.lowerBound, .midnight))
        let end = resolver.boundary(localSeconds: Self.localSeconds(dates.upperBound.adding(days: 1), .midnight))
        return start < end ? [start..<end] : []
    }
}
