public import Foundation
import Scheduling

/// A date and time on a location's wall clock as people type it
/// (`2026-05-31T09:30`, what an HTML `datetime-local` field sends; a space
/// may stand for the `T`), turned into an instant under the engine's rules
/// (`Scheduling.WallClock`): a repeated local time is its first occurrence,
/// and a time the clocks skipped names no instant at all, rather than one
/// `Calendar` would shift it to.
public struct LocalDateTime: Sendable, Hashable, CustomStringConvertible {
    let date: LocalDate
    let time: LocalTime

    /// Nil unless `text` is a real date in the years 1900–9999 and a time 00:00–23:59.
    public init?(_ text: String) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "T" || $0 == " " }
        guard parts.count == 2, parts[0].count == 10, parts[1].count == 5, parts.joined().allSatisfy(\.isASCII) else { return nil }
        let day = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard day.count == 3, clock.count == 2, let year = day[0], let month = day[1], let dayOfMonth = day[2],
              let hour = clock[0], let minute = clock[1],
              (1900...9999).contains(year), (1...12).contains(month), (1...LocalDate.daysIn(month: month, year: year)).contains(dayOfMonth),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        date = LocalDate(year: year, month: month, day: dayOfMonth)
        time = LocalTime(hour: hour, minute: minute)
    }

    /// The wall-clock reading of `instant` in `zone`, to the minute.
    public init(_ instant: Date, in zone: TimeZone) {
        let clock = WallClock(zone)
        date = clock.localDate(of: instant)
        time = clock.localTime(of: instant)
    }

    /// The instant this names in `zone`; nil when the clocks skipped it.
    public func instant(in zone: TimeZone) -> Date? {
        WallClock(zone).instant(date, time)
    }

    /// `2026-05-31T09:30`: what a `datetime-local` field shows.
    public var fieldValue: String { "\(date)T\(time)" }

    /// `2026-05-31 09:30`, for people.
    public var description: String { "\(date) \(time)" }
}
