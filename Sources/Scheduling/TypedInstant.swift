public import Foundation

/// Points in time written as text, read by hand and checked in every part: a
/// day the month does not have, an hour past 23 or a minute past 59 is refused,
/// never rolled over into the next one (Foundation's formatter rolls them over).
public enum TypedInstant {
    /// As an operator types it (`booknowctl --since`, the operator console's
    /// filters): `2026-12-01T09:30:00Z`, with `T` or one space between date and
    /// time, seconds (and a fraction) optional, the zone optional (`Z`,
    /// `+01:00` or `+0100`; UTC when none), or a date alone (its midnight UTC);
    /// spaces around are ignored.
    public static func parse(_ text: String) -> Date? {
        read(Array(text.trimmingCharacters(in: .whitespaces).utf8), strict: false)
    }

    /// RFC 3339's common spelling and nothing else: `2026-12-01T14:00:00Z` or
    /// `2026-12-01T09:00:00-05:00` (seconds, no fraction, an offset within
    /// ±18:00). The API reads instants this way first, without a formatter,
    /// and leaves anything else (valid or not) to Foundation's.
    public static func parseCommonRFC3339(_ text: String) -> Date? {
        read(Array(text.utf8), strict: true)
    }

    private static func read(_ bytes: [UInt8], strict: Bool) -> Date? {
        guard bytes.count >= 10, let date = LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
        let midnight = Double(date.dayNumber) * 86_400
        if bytes.count == 10 { return strict ? nil : Date(timeIntervalSince1970: midnight) }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || !strict && (separator == UInt8(ascii: "t") || separator == 32) else { return nil }
        var reader = Reader(bytes: bytes, at: 11)
        guard let hour = reader.number(2, max: 23), reader.skip(":"), let minute = reader.number(2, max: 59) else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        if reader.skip(":") {
            guard let second = reader.number(2, max: 59) else { return nil }
            seconds += Double(second)
            if !strict, reader.skip(".") {
                guard let fraction = reader.fraction() else { return nil }
                seconds += fraction
            }
        } else if strict {
            return nil
        }
        if reader.skip("Z") || !strict && (reader.skip("z") || reader.atEnd) {
            // UTC, said or assumed.
        } else if let sign = reader.sign() {
            guard let hours = reader.number(2, max: 23), reader.skip(":") || !strict,
                  let minutes = reader.number(2, max: 59), !strict || hours * 60 + minutes <= 18 * 60 else { return nil }
            seconds -= sign * Double(hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard reader.atEnd else { return nil }
        return Date(timeIntervalSince1970: midnight + seconds)
    }

    private struct Reader {
        let bytes: [UInt8]
        var at: Int

        var atEnd: Bool { at == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard at < bytes.count, bytes[at] == UInt8(ascii: character) else { return false }
            at += 1
            return true
        }

        /// Exactly `digits` ASCII digits, at most `max`.
        mutating func number(_ digits: Int, max: Int) -> Int? {
            guard at + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[at..<at + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard value <= max else { return nil }
            at += digits
            return value
        }

        /// One to nine digits after a decimal point, as a fraction of a second.
        mutating func fraction() -> Double? {
            var value = 0.0, scale = 1.0, count = 0
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]), count < 9 {
                scale /= 10
                value += Double(bytes[at] - UInt8(ascii: "0")) * scale
                at += 1
                count += 1
            }
            return count > 0 ? value : nil
        }

        mutating func sign() -> Double? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
