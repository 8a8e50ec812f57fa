public import Foundation

/// Time a provider is not available although a rule says they work.
public struct TimeOff: Hashable, Sendable {
    /// Why: kept for display and reporting; the engine treats all kinds alike.
    public enum Kind: String, Hashable, Sendable {
        case holiday, lunch, personal, sick, training, other
    }

    public enum Period: Hashable, Sendable {
        /// A one-off stretch between two instants (`time_off.period tstzrange`).
        case once(Range<Date>)
        /// Whole local dates, first and last inclusive (a week's holiday).
        case dates(ClosedRange<LocalDate>)
        /// A block repeated every week on the given weekdays, in the location's
        /// local time (lunch 12:00–13:00 Mon–Fri).
        case weekly(Set<Weekday>, start: LocalTime, end: LocalTime)
    }

    public let kind: Kind
    public let period: Period

    public init(_ kind: Kind, _ period: Period) {
        if case let .weekly(_, start, end) = period { precondition(start < end, "a weekly block must end after it starts") }
        self.kind = kind
        self.period = period
    }
}
