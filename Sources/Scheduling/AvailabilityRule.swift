/// One weekly stretch of working hours in the location's local time, such as
/// "Monday 09:00–17:00", optionally limited to a range of dates.
///
/// A rule covers one local day: an overnight shift is two rules (…–24:00 and
/// 00:00–…), which the engine joins into one window because they touch.
public struct AvailabilityRule: Hashable, Sendable {
    public let weekday: Weekday
    public let start: LocalTime
    public let end: LocalTime
    /// First local date the rule applies on (inclusive); nil means always.
    public let validFrom: LocalDate?
    /// Last local date the rule applies on (inclusive); nil means indefinitely.
    public let validUntil: LocalDate?

    /// - Precondition: start < end.
    public init(weekday: Weekday, start: LocalTime, end: LocalTime, validFrom: LocalDate? = nil, validUntil: LocalDate? = nil) {
        precondition(start < end, "a rule must end after it starts")
        self.weekday = weekday
        self.start = start
        self.end = end
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// The same hours on several weekdays ("Mon–Fri 9–17").
    public static func weekly(_ weekdays: Set<Weekday>, from start: LocalTime, to end: LocalTime,
                              validFrom: LocalDate? = nil, validUntil: LocalDate? = nil) -> [AvailabilityRule] {
        weekdays.sorted().map { AvailabilityRule(weekday: $0, start: start, end: end, validFrom: validFrom, validUntil: validUntil) }
    }

    /// Whether the rule gives hours on `date`.
    public func applies(on date: LocalDate) -> Bool {
        date.weekday == weekday && validFrom.map { $0 <= date } != false && validUntil.map { date <= $0 } != false
    }
}
