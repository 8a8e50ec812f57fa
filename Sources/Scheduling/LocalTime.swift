/// A wall-clock time of day with minute precision, from 00:00 to 24:00.
///
/// 24:00 exists so that a rule or a block can run to the end of the day
/// ("until midnight") without wrapping into the next date.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since local midnight, 0...1440.
    public let minutesSinceMidnight: Int

    /// - Precondition: 00:00 ≤ time ≤ 24:00.
    public init(hour: Int, minute: Int = 0) {
        precondition((0...59).contains(minute) && (0...24).contains(hour), "invalid time \(hour):\(minute)")
        self.init(minutesSinceMidnight: hour * 60 + minute)
    }

    /// - Precondition: 0 ≤ minutes ≤ 1440.
    public init(minutesSinceMidnight: Int) {
        precondition((0...1440).contains(minutesSinceMidnight), "time \(minutesSinceMidnight) min is outside 00:00–24:00")
        self.minutesSinceMidnight = minutesSinceMidnight
    }

    public static let midnight = LocalTime(minutesSinceMidnight: 0)
    public static let endOfDay = LocalTime(minutesSinceMidnight: 1440)

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
