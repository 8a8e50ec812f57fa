import Foundation
import HTTPServer

/// How the API spells JSON: snake_case keys, ISO 8601 instants in UTC,
/// sorted keys (so stored idempotent answers replay byte for byte).
enum APIJSON {
    static func response<Value: Encodable>(_ value: Value, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The views are structs of strings, numbers, dates and arrays: encoding cannot fail.
        let body = (try? encoder.encode(value)).map(Array.init) ?? []
        return Response(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A UUID as the API and PostgreSQL spell it: lowercase.
    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// An instant on the wall clock of `zone`, with its offset: `2026-12-01T09:00:00-05:00`
    /// (a zero offset is `+00:00`: a local time in London in winter, not UTC).
    ///
    /// Computed by hand from the zone's offset at that instant: a formatter per
    /// value cost ~0.2 ms, which made a week of slots ~20 ms (bench/api).
    static func local(_ date: Date, _ zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = offset < 0 ? "-" : "+"
        let zone = "\(sign)\(two(abs(offset) / 3_600)):\(two(abs(offset) % 3_600 / 60))"
        return "\(year)-\(two(month))-\(two(day))T\(two(time / 3_600)):\(two(time % 3_600 / 60)):\(two(time % 60))\(zone)"
    }
}
