import Foundation
import Templates

/// Instants shown on a location's wall clock, in the page's language: the
/// day ("Tuesday 8 December 2026"), the time ("10:30") and the zone's name
/// ("Eastern Time"), and local days for the pickers.
struct LocalTimes {
    let zone: TimeZone
    let language: String
    private let calendar: Calendar

    init(zone: TimeZone, language: String) {
        self.zone = zone
        self.language = language
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.locale = Locale(identifier: language)
        calendar.firstWeekday = 2
        self.calendar = calendar
    }

    func day(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .complete, time: .omitted, locale: Locale(identifier: language), calendar: calendar, timeZone: zone))
    }

    func shortDay(_ date: Date) -> String {
        var style = Date.FormatStyle(locale: Locale(identifier: language), calendar: calendar, timeZone: zone)
        style = style.weekday(.abbreviated).day(.defaultDigits).month(.abbreviated)
        return date.formatted(style)
    }

    func time(_ date: Date) -> String {
        var style = Date.FormatStyle(locale: Locale(identifier: language), calendar: calendar, timeZone: zone)
        style = style.hour(.defaultDigits(amPM: .abbreviated)).minute(.twoDigits)
        return date.formatted(style)
    }

    /// The zone's generic name in the page's language, with its IANA name ("Eastern Time (America/New_York)").
    var zoneName: String {
        let name = zone.localizedName(for: .generic, locale: Locale(identifier: language))
        return name.map { "\($0) (\(zone.identifier))" } ?? zone.identifier
    }

    /// `{day, time, end, zone}` for a template.
    func moment(_ start: Date, end: Date? = nil) -> MustacheValue {
        .dictionary(["day": .string(day(start)), "time": .string(time(start)), "end": .optional(end.map(time)),
                     "zone": .string(zoneName), "iso": .string(start.formatted(.iso8601))])
    }

    /// The local day (`2026-12-08`) `date` falls on.
    func dayKey(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The instant a local day (`2026-12-08`) starts, or nil when the text is not a day.
    func startOfDay(_ key: String) -> Date? {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, key.count == 10, (1900...9999).contains(parts[0]) else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
            .flatMap { calendar.dateComponents([.year, .month, .day], from: $0) == DateComponents(year: parts[0], month: parts[1], day: parts[2]) ? $0 : nil }
    }

    func startOfDay(of date: Date) -> Date { calendar.startOfDay(for: date) }

    /// The Monday starting the week `date` falls in.
    func startOfWeek(_ date: Date) -> Date {
        calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? calendar.startOfDay(for: date)
    }

    func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(Double(days) * 86_400)
    }
}
