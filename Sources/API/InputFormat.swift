import Booking
import Foundation
import Scheduling

/// The formats the API accepts, each with the message a client sees when a
/// value does not match. Stricter than the schema's CHECKs, which stay the
/// backstop: what passes here also passes there.
struct InputFormat: Sendable {
    let maxLength: Int
    let message: String
    /// The rule code of a mismatch when openapi.yaml cannot state the format
    /// exactly (its `format: email` allows more); nil when its pattern is
    /// this format, so a mismatch is a schema refusal (400).
    var ruleCode: String? = nil
    let matches: @Sendable (String) -> Bool

    /// Stricter than JSON Schema's `format: email` (which allows `a@localhost`):
    /// a mismatch is the rule `invalid_email`.
    static let email = InputFormat(maxLength: 254, message: "must be an e-mail address such as name@example.com", ruleCode: "invalid_email",
                                   matches: ContactFormat.isEmail)

    static let phone = InputFormat(maxLength: 16, message: "must be a phone number in E.164 form, such as +14155550100", matches: ContactFormat.isPhone)

    /// A BCP 47 language tag as the schema allows: `en`, `de-CH`, `zh-Hant-TW`.
    static let locale = InputFormat(maxLength: 35, message: "must be a language tag such as en or de-CH") { text in
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// An `Idempotency-Key`: 1–255 visible ASCII characters.
    static let idempotencyKey = InputFormat(maxLength: 255, message: "must be 1 to 255 visible ASCII characters") { text in
        !text.isEmpty && text.utf8.count <= 255 && text.utf8.allSatisfy { (0x21...0x7e).contains($0) }
    }

    /// RFC 3339 with a zone (`Z` or `±hh:mm`), optionally with fractional
    /// seconds, in the years 1900 to 9999 (like local dates). The parser also
    /// takes five-digit and zero years, which RFC 3339 cannot spell back and
    /// PostgreSQL refuses (year 0 failed a query with a 500), and days a month
    /// does not have, which it rolls over (`2026-02-30` would be 2 March), so
    /// both are refused here as invalid input.
    static func instant(_ text: String) -> Date? {
        if case .instant(let date) = instantReading(text) { return date }
        return nil
    }

    /// What `text` is as an instant: one in range, a date-time outside the
    /// years 1900 to 9999 (schema-valid, refused by the rule `date_out_of_range`),
    /// or no RFC 3339 date-time at all (a schema refusal).
    enum InstantReading {
        case instant(Date)
        case outOfRange
        case malformed
    }

    static func instantReading(_ text: String) -> InstantReading {
        // RFC 3339 years have four digits; the parser also reads five.
        let year = text.utf8.prefix(5)
        guard year.count == 5, year.prefix(4).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              year.last == UInt8(ascii: "-") else { return .malformed }
        // The common spelling by hand: a formatter made per request was a quarter of an availability answer's time.
        if let date = TypedInstant.parseCommonRFC3339(text) { return instants.contains(date) ? .instant(date) : .outOfRange }
        guard LocalDate(iso: text.prefix(10)) != nil else { return .malformed }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let date else { return .malformed }
        return instants.contains(date) ? .instant(date) : .outOfRange
    }

    static let instantMessage = "must be an RFC 3339 date-time with a zone in the years 1900 to 9999, such as 2026-12-01T14:00:00Z"
    static let dateOutOfRange = "date_out_of_range"
    static let unknownTimeZone = "unknown_time_zone"
    static let timeZoneMessage = "must be an IANA time zone name, such as Europe/London"

    /// 1900-01-01T00:00:00Z up to the end of 9999 (UTC).
    static let instants = Date(timeIntervalSince1970: -2_208_988_800)..<Date(timeIntervalSince1970: 253_402_300_800)
}
