public import Foundation

/// Converts between instants and the wall-clock time of one IANA time zone.
///
/// Only `TimeZone.secondsFromGMT(for:)` and the zone's transition list are
/// used; `Calendar` is avoided because its handling of nonexistent and
/// repeated local times differs between platforms and versions. Local times
/// are handled as "local seconds": seconds since 1970-01-01T00:00 on the wall
/// clock, so wall-clock arithmetic is plain integer math.
public struct WallClock: Sendable {
    public let zone: TimeZone

    public init(_ zone: TimeZone) {
        self.zone = zone
    }

    /// What one local date and time names in this zone.
    public enum Resolution: Hashable, Sendable {
        /// An ordinary local time: exactly one instant.
        case unique(Date)
        /// A repeated local time (clocks went back): two instants, earlier first.
        case ambiguous(earlier: Date, later: Date)
        /// A local time the clocks skipped (clocks went forward); `transition`
        /// is the instant the jump happened.
        case skipped(transition: Date)
    }

    public func resolve(_ date: LocalDate, _ time: LocalTime) -> Resolution {
        resolve(localSeconds: Self.localSeconds(date, time))
    }

    /// The instant a local time names under the engine's rules: a repeated time
    /// takes the earlier offset (the first occurrence); a skipped time names none.
    public func instant(_ date: LocalDate, _ time: LocalTime) -> Date? {
        instant(localSeconds: Self.localSeconds(date, time))
    }

    /// The local date an instant falls on in this zone.
    public func localDate(of instant: Date) -> LocalDate {
        LocalDate(dayNumber: Int(Self.floorDivide(localSeconds(of: instant), 86_400)))
    }

    /// The local time of day of an instant, truncated to the minute.
    public func localTime(of instant: Date) -> LocalTime {
        let secondOfDay = localSeconds(of: instant) - Int64(localDate(of: instant).dayNumber) * 86_400
        return LocalTime(minutesSinceMidnight: Int(secondOfDay / 60))
    }

    // MARK: Local seconds

    static func localSeconds(_ date: LocalDate, _ time: LocalTime) -> Int64 {
        Int64(date.dayNumber) * 86_400 + Int64(time.minutesSinceMidnight) * 60
    }

    func localSeconds(of instant: Date) -> Int64 {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        return seconds + Int64(zone.secondsFromGMT(for: instant))
    }

    func instant(localSeconds: Int64) -> Date? {
        switch resolve(localSeconds: localSeconds) {
        case .unique(let date), .ambiguous(earlier: let date, later: _): date
        case .skipped: nil
        }
    }

    /// Tries the offsets in force a day before and a day after: a local time is
    /// valid under an offset when the instant it gives really has that offset.
    /// Two valid offsets mean a repeated hour, none a skipped one. (No zone
    /// changes its offset twice within two days.)
    func resolve(localSeconds: Int64) -> Resolution {
        let offsets = Set([-86_400, 86_400].map { Int64(zone.secondsFromGMT(for: Self.date($0 + localSeconds))) })
        let candidates = offsets
            .map { localSeconds - $0 }
            .filter { Int64(zone.secondsFromGMT(for: Self.date($0))) == localSeconds - $0 }
            .sorted()
        switch candidates.count {
        case 0:
            // Before the jump the larger offset gives an instant that is still
            // earlier than the transition, so the next transition after it is the jump.
            let before = Self.date(localSeconds - (offsets.max() ?? 0))
            let jump = zone.nextDaylightSavingTimeTransition(after: before) ?? before
            return .skipped(transition: jump)
        case 1:
            return .unique(Self.date(candidates[0]))
        default:
            return .ambiguous(earlier: Self.date(candidates[0]), later: Self.date(candidates[candidates.count - 1]))
        }
    }

    /// Resolves local times asked in increasing order (a grid, a run of dates)
    /// with `resolve`'s rule, asking the zone only near its transitions.
    struct Resolver {
        let clock: WallClock
        private var dayBefore: ZoneOffsets
        private var dayAfter: ZoneOffsets

        init(_ clock: WallClock) {
            self.clock = clock
            dayBefore = ZoneOffsets(clock.zone)
            dayAfter = ZoneOffsets(clock.zone)
        }

        /// `clock.resolve(localSeconds:)`: when the offsets a day before and a
        /// day after agree, no transition lies between (no zone changes twice
        /// within two days) and the one instant is that offset's; otherwise the
        /// full rule.
        mutating func resolve(localSeconds: Int64) -> Resolution {
            let before = dayBefore.at(WallClock.date(localSeconds - 86_400))
            guard before == dayAfter.at(WallClock.date(localSeconds + 86_400)) else { return clock.resolve(localSeconds: localSeconds) }
            return .unique(WallClock.date(localSeconds - Int64(before)))
        }

        /// Where a working window or a block begins or ends: a skipped boundary
        /// moves to the jump (the part of the window that never existed is
        /// dropped), a repeated one takes the earlier offset like any local time.
        mutating func boundary(localSeconds: Int64) -> Date {
            switch resolve(localSeconds: localSeconds) {
            case .unique(let date), .ambiguous(earlier: let date, later: _), .skipped(transition: let date): date
            }
        }
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
