public import Foundation

/// How close to now and how far ahead customers may book; a business's
/// setting, copied onto each booking when it is made.
public struct BookingPolicy: Hashable, Sendable {
    /// A booking must start at least this long after now (elapsed seconds).
    public let minimumNotice: TimeInterval
    /// A booking may start at most this long after now (elapsed seconds).
    public let horizon: TimeInterval

    public init(minimumNotice: TimeInterval, horizon: TimeInterval) {
        precondition(minimumNotice >= 0 && horizon >= minimumNotice, "notice must be non-negative and within the horizon")
        self.minimumNotice = minimumNotice
        self.horizon = horizon
    }

    /// The earliest and latest start allowed at `now`.
    public func startWindow(now: Date) -> ClosedRange<Date> {
        now.addingTimeInterval(minimumNotice)...now.addingTimeInterval(horizon)
    }
}
