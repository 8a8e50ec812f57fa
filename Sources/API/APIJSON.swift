import Foundation
import Scheduling
import HTTPServer
import Vocabulary

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

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// A UUID as the API and PostgreSQL spell it: lowercase.
    /// (Written by hand: `uuidString` goes through `sprintf`.)
    static func id(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = hexDigits[Int(byte >> 4)]
                    out[at + 1] = hexDigits[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// An instant on the wall clock of `zone`, with its offset: `2026-12-01T09:00:00-05:00`
    /// (a zero offset is `+00:00`: a local time in London in winter, not UTC).
    ///
    /// Computed by hand from the zone's offset at that instant: a formatter per
    /// value cost ~0.2 ms, which made a week of slots ~20 ms (bench/api).
    static func local(_ date: Date, _ zone: TimeZone) -> String {
        local(date, offset: zone.secondsFromGMT(for: date))
    }

    static func local(_ date: Date, offset: Int) -> String {
        var bytes: [UInt8] = []
        append(date, offset: offset, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `date` on the clock `offset` seconds east of UTC (`±hh:mm`), or
    /// in UTC (`Z`, as `JSONEncoder`'s `.iso8601` strategy writes instants)
    /// when it is nil, to whole seconds, for years 0 to 9999.
    static func append(_ date: Date, offset: Int?, to bytes: inout [UInt8]) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + (offset ?? 0)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let (year, month, day) = LocalDate(dayNumber: days).civil
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(time / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(time % 3_600 / 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(time % 60, 2)
        guard let offset else { return bytes.append(UInt8(ascii: "Z")) }
        bytes.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        digits(abs(offset) / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(abs(offset) % 3_600 / 60, 2)
    }
}

/// JSON written directly, for an answer too large for `JSONEncoder`'s cost
/// (a week of slots took it 1–4 ms, most of a cached availability answer).
/// The caller writes punctuation and keys (in sorted order) with `raw`, so
/// the bytes are `APIJSON.response`'s.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A string with `JSONEncoder`'s escapes (slashes left as they are).
    mutating func string(_ value: String) {
        JSONString.append(value, to: &bytes)
    }

    /// An instant in UTC (`offset` nil) or on a clock `offset` seconds east of it, quoted.
    mutating func instant(_ date: Date, offset: Int? = nil) {
        bytes.append(UInt8(ascii: "\""))
        APIJSON.append(date, offset: offset, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `[`, each element written by `element` with commas between, `]`.
    mutating func array<Element>(_ elements: [Element], _ element: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
