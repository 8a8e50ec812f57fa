public import Foundation

/// A business's SMS quiet hours: local times of day (in the location's zone)
/// between which no text message is sent; the window may wrap past midnight
/// (22:00–08:00). An email is never held back.
public struct QuietHours: Sendable, Hashable {
    /// Seconds after local midnight.
    public var start: Int
    public var end: Int

    public init?(start: Int?, end: Int?) {
        guard let start, let end, start != end else { return nil }
        self.start = start
        self.end = end
    }

    /// How long until the quiet window ends, or nil when `instant` is outside it.
    public func remaining(at instant: Date, in zone: TimeZone) -> Duration? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let midnight = calendar.startOfDay(for: instant)
        let now = Int(instant.timeIntervalSince(midnight))
        let inside = start < end ? (now >= start && now < end) : (now >= start || now < end)
        guard inside else { return nil }
        let wait = now < end ? end - now : 86_400 - now + end
        return .seconds(wait)
    }
}
