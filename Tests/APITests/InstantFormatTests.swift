import Foundation
import Testing
@testable import API
import Scheduling

/// The hand-read common spelling of an instant must agree with the formatter
/// on every string it reads, and leave everything else to it.
@Suite struct InstantFormatTests {
    private func formatter(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    @Test func theCommonSpellingIsReadByHand() {
        #expect(TypedInstant.parseCommonRFC3339("2026-12-01T14:00:00Z") == Date(timeIntervalSince1970: 1_796_133_600))
        #expect(TypedInstant.parseCommonRFC3339("2026-12-01T09:00:00-05:00") == Date(timeIntervalSince1970: 1_796_133_600))
        #expect(TypedInstant.parseCommonRFC3339("2026-12-01T19:30:00+05:30") == Date(timeIntervalSince1970: 1_796_133_600))
        #expect(TypedInstant.parseCommonRFC3339("2026-12-01T14:00:00.5Z") == nil)
    }

    @Test func whatItReadsTheFormatterReadsTheSame() {
        var random = SystemRandomNumberGenerator()
        var read = 0
        for _ in 0..<20_000 {
            let year = Int.random(in: 1899...9999, using: &random)
            let month = Int.random(in: 0...13, using: &random), day = Int.random(in: 0...32, using: &random)
            let hour = Int.random(in: 0...25, using: &random), minute = Int.random(in: 0...61, using: &random)
            let second = Int.random(in: 0...61, using: &random)
            let zone = ["Z", "z", "+00:00", "-00:00", "+05:30", "-05:00", "+14:00", "+17:59", "+18:00", "-18:00", "+18:01",
                        "+23:59", "+99:00", "+05:60", "+0530", ""].randomElement(using: &random)!
            let separator = ["T", "T", "T", "t", " "].randomElement(using: &random)!
            let text = "\(year)-\(two(month))-\(two(day))\(separator)\(two(hour)):\(two(minute)):\(two(second))\(zone)"
            guard let date = TypedInstant.parseCommonRFC3339(text) else { continue }
            read += 1
            #expect(formatter(text) == date, "\(text)")
        }
        #expect(read > 1_000)
    }

    @Test func everyDayOfSomeYearsAgrees() {
        for year in [1900, 1970, 2000, 2024, 2025, 2100, 9999] {
            for month in 1...12 {
                for day in 1...31 {
                    let text = "\(year)-\(two(month))-\(two(day))T23:59:59+01:00"
                    // Days a month does not have are left to the formatter's path, which refuses them.
                    guard let date = TypedInstant.parseCommonRFC3339(text) else {
                        #expect(day > 28, "\(text)")
                        continue
                    }
                    #expect(formatter(text) == date, "\(text)")
                }
            }
        }
    }

    /// The formatter rolls a day the month does not have over into the next
    /// month; such a date-time is not RFC 3339, so it is refused, in every spelling.
    @Test func daysAMonthDoesNotHaveAreRefused() {
        for text in ["2026-02-30T10:00:00Z", "2026-02-30T10:00:00.5Z", "2026-04-31T10:00:00+02:00", "2025-02-29T10:00:00.250-05:00",
                     "2026-13-01T10:00:00Z", "2026-00-10T10:00:00.1Z", "2026-06-00T10:00:00Z", "2026-06-32T10:00:00.9Z"] {
            guard case .malformed = InputFormat.instantReading(text) else {
                Issue.record("\(text) was read as an instant")
                continue
            }
        }
        for (text, seconds) in [("2024-02-29T10:00:00.5Z", 1_709_200_800.5), ("2026-12-31T23:59:59.25+01:00", 1_798_757_999.25)] {
            guard case .instant(let date) = InputFormat.instantReading(text) else {
                Issue.record("\(text) was refused")
                continue
            }
            #expect(date == Date(timeIntervalSince1970: seconds), "\(text)")
        }
        // Every day of a leap year and of a common one, with a fraction (the formatter's path).
        for year in [2024, 2026] {
            for month in 1...12 {
                for day in 1...31 {
                    let text = "\(year)-\(two(month))-\(two(day))T12:00:00.5Z"
                    let exists = day <= [31, year == 2024 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
                    switch InputFormat.instantReading(text) {
                    case .instant: #expect(exists, "\(text)")
                    case .malformed: #expect(!exists, "\(text)")
                    case .outOfRange: Issue.record("\(text) out of range")
                    }
                }
            }
        }
    }

    /// The request's trimming skips Foundation when neither end is whitespace.
    @Test func trimmingAgreesWithFoundation() {
        let pieces = ["", " ", "\t", "\u{00A0}", "\u{2003}", "\n", "a", "é", "b c", "😀"]
        for first in pieces {
            for middle in pieces {
                for last in pieces {
                    let text = first + middle + last
                    #expect(InputReader.trimmed(text) == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
                }
            }
        }
    }
}
