public import Foundation
import Synchronization

/// Formats instants as a customer reads them: in the location's time zone,
/// with the customer's language and conventions.
///
/// DateFormatter is costly to create (it loads ICU data), and a reminder
/// burst formats thousands of dates a second, so formatters are cached per
/// locale and zone. They are only touched while holding the mutex.
public final class LocalizedMoment: Sendable {
    /// The process-wide cache.
    public static let shared = LocalizedMoment()

    private struct Formatters {
        let weekday: DateFormatter
        let date: DateFormatter
        let time: DateFormatter
        let zone: DateFormatter
        let iso: ISO8601DateFormatter
    }

    private let cache = Mutex<[String: Formatters]>([:])

    public init() {}

    /// `weekday`, `date`, `time`, `zone` and `iso` of `instant`. An unknown
    /// zone identifier falls back to UTC (lint and the API validate zones
    /// when they are stored; a message is never dropped over one).
    public func fields(of instant: Date, locale: String, timeZone: String) -> [String: MustacheValue] {
        cache.withLock { cache in
            let key = "\(locale)|\(timeZone)"
            let formatters = cache[key] ?? Self.makeFormatters(locale: locale, timeZone: timeZone)
            cache[key] = formatters
            return [
                "weekday": Self.plain(formatters.weekday.string(from: instant)),
                "date": Self.plain(formatters.date.string(from: instant)),
                "time": Self.plain(formatters.time.string(from: instant)),
                "zone": Self.plain(formatters.zone.string(from: instant)),
                "iso": .string(formatters.iso.string(from: instant)),
            ]
        }
    }

    /// ICU puts a narrow no-break space (U+202F) before "PM"; outside
    /// GSM-7, it would turn every English SMS into a 70-character UCS-2
    /// message, and some mail clients show it as a box. Plain spaces it is.
    private static func plain(_ text: String) -> MustacheValue {
        guard text.unicodeScalars.contains(where: { $0 == "\u{202F}" || $0 == "\u{00A0}" }) else { return .string(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            result.unicodeScalars.append(scalar == "\u{202F}" || scalar == "\u{00A0}" ? " " : scalar)
        }
        return .string(result)
    }

    private static func makeFormatters(locale identifier: String, timeZone identifier2: String) -> Formatters {
        let locale = Locale(identifier: identifier)
        let zone = TimeZone(identifier: identifier2) ?? TimeZone(identifier: "UTC")!
        func formatter(_ configure: (DateFormatter) -> Void) -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = locale
            formatter.timeZone = zone
            configure(formatter)
            return formatter
        }
        let iso = ISO8601DateFormatter()
        iso.timeZone = zone
        iso.formatOptions = [.withInternetDateTime]
        return Formatters(
            weekday: formatter { $0.dateFormat = "EEEE" },
            date: formatter { $0.dateStyle = .long; $0.timeStyle = .none },
            time: formatter { $0.dateStyle = .none; $0.timeStyle = .short },
            zone: formatter { $0.dateFormat = "zzz" },
            iso: iso
        )
    }
}
