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

    /// An instant on the wall clock of `zone`, with its offset: `2026-12-01T09:00:00-05:00`.
    static func local(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        let text = formatter.string(from: date)
        // The formatter writes a zero offset as "Z", which reads as UTC; a local
        // time in London in winter is "+00:00".
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }
}
