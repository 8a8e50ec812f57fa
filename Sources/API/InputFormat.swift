import Booking
import Foundation

/// The formats the API accepts, each with the message a client sees when a
/// value does not match. Stricter than the schema's CHECKs, which stay the
/// backstop: what passes here also passes there.
struct InputFormat: Sendable {
    let maxLength: Int
    let message: String
    let matches: @Sendable (String) -> Bool

    static let email = InputFormat(maxLength: 254, message: "must be an e-mail address such as name@example.com", matches: ContactFormat.isEmail)

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
    /// PostgreSQL refuses (year 0 failed a query with a 500), so they are
    /// refused here as invalid input.
    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        return date.flatMap { instants.contains($0) ? $0 : nil }
    }

    /// 1900-01-01T00:00:00Z up to the end of 9999 (UTC).
    static let instants = Date(timeIntervalSince1970: -2_208_988_800)..<Date(timeIntervalSince1970: 253_402_300_800)
}
