import Foundation

/// A `Date` broken into UTC calendar fields, without a `Calendar` or formatter.
///
/// Both the email `Date` header and iCalendar's `…Z` times are UTC renderings
/// of an instant; computing them arithmetically (days-from-civil, inverted)
/// keeps composition pure, fast and independent of the host's time zone.
struct UTCDateTime {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int

    init(_ date: Date) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let seconds = total - days * 86_400
        hour = seconds / 3600
        minute = seconds % 3600 / 60
        second = seconds % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// RFC 5322 date-time in UTC: `Mon, 30 Nov 2026 09:05:00 +0000`.
    var rfc5322: String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[weekday]), \(day) \(months[month - 1]) \(year) \(pad(hour)):\(pad(minute)):\(pad(second)) +0000"
    }

    /// RFC 5545 DATE-TIME in UTC form: `20261130T090500Z`.
    var icalendar: String {
        "\(pad(year, 4))\(pad(month))\(pad(day))T\(pad(hour))\(pad(minute))\(pad(second))Z"
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
