import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The calendar: one location's day or week (all its providers, or one), in
/// the location's own time zone, with its bookings, the times held for
/// waitlist customers, providers' time off and the location's closures.
/// `view=week` switches to the week (`BusinessConsole+WeekView.swift`).
extension BusinessConsole {
    /// How many bookings one day shows at most; a day past it says so.
    static let dayLimit = 300

    func calendar(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        let business = session.admin.businessID
        let (locations, providers) = try pool.withConnection {
            (try Catalog.locations(business: business, on: $0), try Catalog.providers(business: business, on: $0))
        }
        guard !locations.isEmpty else {
            // A location or provider named is not this business's.
            if ["location", "provider"].contains(where: { !(request.query[$0] ?? "").isEmpty }) { return notFound(request, session) }
            return page("calendar", request, session, title: "calendar_title", ["no_locations": true])
        }
        guard let choice = CalendarChoice(query: request.query, locations: locations, providers: providers) else {
            return notFound(request, session)
        }
        return request.query["view"] == "week" ? try weekView(request, session, choice) : try dayView(request, session, choice)
    }

    func dayView(_ request: Request, _ session: Sessions.AdminSession, _ choice: CalendarChoice) throws -> Response {
        let span = try pool.withConnection { connection in
            try CalendarSpan.load(business: session.admin.businessID, location: choice.location, providers: choice.providers,
                                  provider: choice.provider, range: choice.day..<choice.adding(days: 1, to: choice.day),
                                  limit: Self.dayLimit, calendar: choice.calendar, on: connection)
        }
        let day = span.day(from: choice.day)
        let words = self.words(request)
        let bookings = span.bookingRows(day, words).map { MustacheValue.dictionary(MustacheObject($0.fields)) }
        let offers = span.offerRows(day).map { MustacheValue.dictionary(MustacheObject($0.fields)) }
        let absences = span.absenceRows(day, words).map { MustacheValue.dictionary(MustacheObject($0.fields)) }
        var context = calendarContext(choice, week: false)
        context.merge([
            "bookings": .list(bookings), "has_bookings": .bool(!bookings.isEmpty), "more": .bool(span.more),
            "offers": .list(offers), "has_offers": .bool(!offers.isEmpty), "absences": .list(absences), "has_absences": .bool(!absences.isEmpty),
            "previous_day": .string(choice.href(day: choice.adding(days: -1, to: choice.day), week: false)),
            "next_day": .string(choice.href(day: choice.adding(days: 1, to: choice.day), week: false)),
            "limit": .string(String(Self.dayLimit)),
        ]) { $1 }
        return page("calendar", request, session, status: choice.badDay ? 422 : 200, title: "calendar_title", context)
    }

    /// What the day and the week share: the choice form, the switch between
    /// them, the location and its zone, and the way to a new booking.
    func calendarContext(_ choice: CalendarChoice, week: Bool) -> [String: MustacheValue] {
        let locationOptions: [MustacheValue] = choice.locations.map { entry in
            .dictionary(MustacheObject(["id": .string(CalendarChoice.id(entry.id)), "name": .string(entry.name),
                                        "selected": .bool(entry.id == choice.location.id)]))
        }
        let providerOptions: [MustacheValue] = choice.providers.map { entry in
            .dictionary(MustacheObject(["id": .string(CalendarChoice.id(entry.id)), "name": .string(entry.name),
                                        "selected": .bool(entry.id == choice.provider)]))
        }
        let day = Self.dayText(choice.day, choice.calendar)
        var newBooking = "/console/calendar/new?location=\(CalendarChoice.id(choice.location.id))&day=\(day)"
        if let provider = choice.provider { newBooking += "&provider=\(CalendarChoice.id(provider))" }
        return [
            "locations": .list(locationOptions), "providers": .list(providerOptions), "day": .string(day),
            "zone": .string(choice.location.timeZone), "location_name": .string(choice.location.name), "bad_day": .bool(choice.badDay),
            "week": .bool(week), "day_view": .string(choice.href(week: false)), "week_view": .string(choice.href(week: true)),
            "new_booking": .string(newBooking), "nav_calendar": true,
        ]
    }

    /// The page's words for `CalendarSpan`.
    func words(_ request: Request) -> CalendarSpan.Words {
        let language = language(request)
        return { key, values in templates.text(key, language: language, context: values) }
    }

    // MARK: - Reading the bookings' JSON

    static func object(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    static func name(_ value: Any?) -> String { (value as? [String: Any])?["name"] as? String ?? "" }

    static func instant(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// `2026-03-09 10:00–10:45`, in the location's zone.
    static func when(_ object: [String: Any], _ calendar: Calendar) -> String {
        guard let start = instant(object["starts_at"]), let end = instant(object["ends_at"]) else { return "" }
        return "\(dayText(start, calendar)) \(clock(start, calendar))–\(clock(end, calendar))"
    }

    /// `10:45` on `calendar`'s wall clock.
    static func clock(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    static func dayText(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `YYYY-MM-DD` as the start of that day in `calendar`'s zone; nil for anything else.
    static func parseDay(_ text: String, _ calendar: Calendar) -> Date? {
        let pieces = text.split(separator: "-").compactMap { Int($0) }
        guard text.count == 10, pieces.count == 3, (1...12).contains(pieces[1]), (1...31).contains(pieces[2]),
              (1970...9999).contains(pieces[0]),
              let date = calendar.date(from: DateComponents(year: pieces[0], month: pieces[1], day: pieces[2])),
              dayText(date, calendar) == text
        else { return nil }
        return calendar.startOfDay(for: date)
    }

    /// `YYYY-MM-DD` and `HH:MM` on `calendar`'s wall clock as an instant; nil
    /// for anything else, and for a time the clocks skip that day.
    static func parseMoment(day: String, time: String, _ calendar: Calendar) -> Date? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let start = parseDay(day, calendar), time.count == 5, parts.count == 2, let hour = parts[0], let minute = parts[1],
              (0...23).contains(hour), (0...59).contains(minute),
              let moment = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: start),
              dayText(moment, calendar) == day, clock(moment, calendar) == time
        else { return nil }
        return moment
    }
}
