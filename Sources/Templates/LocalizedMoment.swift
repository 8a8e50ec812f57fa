public import Foundation
import Synchronization

/// Formats instants as a customer reads them: in the location's time zone,
/// with the customer's language and conventions.
///
/// DateFormatter is costly to create (it loads ICU data), and a reminder
/// burst formats thousands of dates a second, so formatters are cached per
/// locale and zone. They are only touched while holding the mutex.
///
/// Formatting is costly too (five ICU calls, about 60 µs of CPU, a third of a
/// message's rendering), and the messages of a burst are about the same few
/// instants: a top of the hour's reminders are for appointments that start
/// together, in a business's zone and its customers' few languages. So the
/// fields are also kept per instant, locale and zone, at most
/// `formattedLimit` of them; past it the kept fields are dropped and kept
/// afresh. What a key gives never changes, so a kept answer is never stale.
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

    private struct Moment: Hashable {
        let instant: Date
        let locale: String
        let timeZone: String
    }

    private struct State {
        var formatters: [String: Formatters] = [:]
        var formatted: [Moment: [String: MustacheValue]] = [:]
    }

    private let state = Mutex(State())

    /// How many instants' fields are kept at most.
    public let formattedLimit: Int

    public init(formattedLimit: Int = 4096) {
        self.formattedLimit = formattedLimit
    }

    /// `weekday`, `date`, `time`, `zone` and `iso` of `instant`. An unknown
    /// zone identifier falls back to UTC (lint and the API validate zones
    /// when they are stored; a message is never dropped over one).
    public func fields(of instant: Date, locale: String, timeZone: String) -> [String: MustacheValue] {
        let moment = Moment(instant: instant, locale: locale, timeZone: timeZone)
        return state.withLock { state in
            if let kept = state.formatted[moment] { return kept }
            let key = "\(locale)|\(timeZone)"
            let formatters = state.formatters[key] ?? Self.makeFormatters(locale: locale, timeZone: timeZone)
            state.formatters[key] = formatters
            let fields: [String: MustacheValue] = [
                "weekday": Self.plain(formatters.weekday.string(from: instant)),
                "date": Self.plain(formatters.date.string(from: instant)),
                "time": Self.plain(formatters.time.string(from: instant)),
                "zone": Self.plain(formatters.zone.string(from: instant)),
                "iso": .string(formatters.iso.string(from: instant)),
            ]
            if state.formatted.count >= formattedLimit { state.formatted.removeAll(keepingCapacity: true) }
            state.formatted[moment] = fields
            return fields
        }
    }

    /// How many instants' fields are kept now (for tests).
    public var formattedCount: Int { state.withLock { $0.formatted.count } }

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
