public import Foundation

/// A zone's offset from UTC at instants asked mostly in increasing order (a
/// slot grid, a list of slots): the zone (ICU behind a lock, the engine's and
/// the availability answer's largest cost) is asked again only at or past the
/// next transition it named, or before the first instant it was asked about.
public struct ZoneOffsets: Sendable {
    public let zone: TimeZone
    private var known: (instants: Range<Date>, offset: Int)?

    public init(_ zone: TimeZone) { self.zone = zone }

    /// Seconds east of UTC at `instant`: `zone.secondsFromGMT(for: instant)`.
    public mutating func at(_ instant: Date) -> Int {
        if let known, known.instants.contains(instant) { return known.offset }
        let offset = zone.secondsFromGMT(for: instant)
        let next = zone.nextDaylightSavingTimeTransition(after: instant) ?? .distantFuture
        known = (instant..<max(next, instant), offset)
        return offset
    }
}
