import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The calendar's week: seven local days from the Monday of the chosen day's
/// week, in the location's zone (a week with a change of the clocks has a
/// 23- or 25-hour day, and its days still start at local midnight), each day
/// a list of what is on it, labelled, with a link to that day's view.
extension BusinessConsole {
    /// How many bookings one week shows at most; a week past it says so.
    static let weekLimit = 700

    func weekView(_ request: Request, _ session: Sessions.AdminSession, _ choice: CalendarChoice) throws -> Response {
        let monday = choice.weekStart
        let nextMonday = choice.adding(days: 7, to: monday)
        let span = try pool.withConnection { connection in
            try CalendarSpan.load(business: session.admin.businessID, location: choice.location, providers: choice.providers,
                                  provider: choice.provider, range: monday..<nextMonday, limit: Self.weekLimit,
                                  calendar: choice.calendar, on: connection)
        }
        let words = self.words(request)
        let days: [MustacheValue] = (0..<7).map { offset in
            let start = choice.adding(days: offset, to: monday)
            let key = Self.dayText(start, choice.calendar)
            let items = span.items(span.day(from: start), words)
            return .dictionary(MustacheObject([
                "key": .string(key), "name": .string(words("weekday_\(choice.isoWeekday(start))", [:])),
                "href": .string(choice.href(day: start, week: false)), "items": .list(items), "has_items": .bool(!items.isEmpty),
                "chosen": .bool(start == choice.day)]))
        }
        var context = calendarContext(choice, week: true)
        context.merge([
            "days": .list(days), "more": .bool(span.more), "limit": .string(String(Self.weekLimit)),
            "first_day": .string(Self.dayText(monday, choice.calendar)),
            "last_day": .string(Self.dayText(choice.adding(days: 6, to: monday), choice.calendar)),
            "previous_week": .string(choice.href(day: choice.adding(days: -7, to: monday), week: true)),
            "next_week": .string(choice.href(day: nextMonday, week: true)),
        ]) { $1 }
        return page("week", request, session, status: choice.badDay ? 422 : 200, title: "week_title", context)
    }
}
