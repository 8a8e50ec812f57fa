import Booking
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// The calendar's week in the location's zone (weeks with a change of the
/// clocks included), and the held waitlist offers, providers' time off and
/// the location's closures on the day and the week, each labelled.
@Suite("Business console calendar week")
struct CalendarWeekTests {
    @Test func theWeekRunsMondayToSundayWithLinksAndOneProvidersFilter() throws {
        try ConsoleWorld.with { world in
            let booked = try world.salon.store.book(world.salon.request(world.salon.at(10, 30, days: 2), provider: world.salon.ava))
            let id = booked.booking.id.uuidString.lowercased()
            let owner = try world.signIn()
            let location = world.salon.location.uuidString.lowercased()
            let week = try owner.get("/console/calendar?view=week&location=\(location)&day=\(world.dayText(days: 2))")
            #expect(week.status == 200 && week.text.contains("America/New_York"))
            #expect(week.text.components(separatedBy: "<section class=\"week-day\"").count == 8, "seven days")
            let monday = world.dayText(), sunday = world.dayText(days: 6)
            #expect(week.text.contains("id=\"day-\(monday)\"") && week.text.contains("id=\"day-\(sunday)\""))
            #expect(!week.text.contains("id=\"day-\(world.dayText(days: 7))\"") && !week.text.contains("id=\"day-\(world.dayText(days: -1))\""))
            let wednesday = world.section(week, world.dayText(days: 2))
            #expect(wednesday.contains("/console/bookings/\(id)") && wednesday.contains("10:30–11:00") && wednesday.contains("Ada Lovelace"))
            #expect(wednesday.contains("Wednesday") && wednesday.contains("day=\(world.dayText(days: 2))\""), "a link to the day's view")
            #expect(week.text.contains("day=\(world.dayText(days: -7))&amp;view=week\" id=\"previous-week\""))
            #expect(week.text.contains("day=\(world.dayText(days: 7))&amp;view=week\" id=\"next-week\""))
            #expect(week.text.contains("id=\"view-week\" aria-current=\"page\""))
            let ben = world.salon.ben.uuidString.lowercased()
            #expect(!(try owner.get("/console/calendar?view=week&provider=\(ben)&day=\(monday)").text.contains(id)), "one provider's week")
            #expect(try owner.get("/console/calendar?view=week&day=2026-02-30").status == 422)
            let day = try owner.get("/console/calendar?day=\(world.dayText(days: 2))")
            #expect(day.text.contains("id=\"view-day\" aria-current=\"page\"") && day.text.contains("view=week\" id=\"view-week\""))
        }
    }

    @Test func aWeekWhoseSundayLosesAnHourKeepsItsLocalDays() throws {
        try ConsoleWorld.with { world in
            // The clocks in New York go forward on Sunday 10 March 2030, 02:00 → 03:00.
            try world.salon.setDatabaseNow(Self.instant("2030-03-01T12:00:00Z"))
            _ = try world.salon.store.book(world.salon.request(Self.instant("2030-03-09T15:00:00Z"), provider: world.salon.ava))
            try world.timeOff(world.salon.ava, Self.instant("2030-03-10T06:00:00Z")..<Self.instant("2030-03-10T08:00:00Z"), note: "early shift")
            try world.closure(dates: "[2030-03-10,2030-03-10]")
            // Monday 11 March 00:15–00:45 EDT: next week; a week of 7 × 24 hours would reach it.
            try world.timeOff(world.salon.ava, Self.instant("2030-03-11T04:15:00Z")..<Self.instant("2030-03-11T04:45:00Z"), note: "following monday")
            let owner = try world.signIn()
            let week = try owner.get("/console/calendar?view=week&day=2030-03-10")
            #expect(week.status == 200 && week.text.contains("2030-03-04") && week.text.contains("id=\"day-2030-03-10\""))
            #expect(world.section(week, "2030-03-09").contains("10:00–10:30"))
            let sunday = world.section(week, "2030-03-10")
            #expect(sunday.contains("01:00–04:00") && sunday.contains("early shift"), "02:00 never happens that night")
            #expect(sunday.contains("Location closed") && sunday.contains("All day"))
            #expect(!week.text.contains("following monday") && week.text.contains("day=2030-03-11&amp;view=week\" id=\"next-week\""))
            let day = try owner.get("/console/calendar?day=2030-03-10")
            #expect(day.text.contains("01:00–04:00") && day.text.contains("All day") && !day.text.contains("following monday"))
        }
    }

    @Test func aWeekWhoseSundayGainsAnHourKeepsItsLastHour() throws {
        try ConsoleWorld.with { world in
            // The clocks in New York go back on Sunday 3 November 2030, 02:00 → 01:00.
            try world.salon.setDatabaseNow(Self.instant("2030-10-25T12:00:00Z"))
            _ = try world.salon.store.book(world.salon.request(Self.instant("2030-11-02T20:00:00Z"), provider: world.salon.ava))
            // Sunday 23:15–23:45 EST: still this week; a week of 7 × 24 hours would end at 23:00.
            try world.timeOff(world.salon.ava, Self.instant("2030-11-04T04:15:00Z")..<Self.instant("2030-11-04T04:45:00Z"), note: "late call")
            let owner = try world.signIn()
            let week = try owner.get("/console/calendar?view=week&day=2030-10-30")
            #expect(week.status == 200 && week.text.contains("id=\"day-2030-10-28\"") && week.text.contains("id=\"day-2030-11-03\""))
            #expect(world.section(week, "2030-11-02").contains("16:00–16:30"))
            #expect(world.section(week, "2030-11-03").contains("23:15–23:45") && world.section(week, "2030-11-03").contains("late call"))
            #expect(week.text.contains("day=2030-11-04&amp;view=week\" id=\"next-week\""))
            #expect(try owner.get("/console/calendar?day=2030-11-03").text.contains("23:15–23:45"))
        }
    }

    @Test func heldOffersTimeOffAndClosuresAreShownLabelled() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let waitlist = WaitlistStore(pool: salon.pool, tokens: TestKeys.manageTokens)
            try salon.pool.withTransaction { connection in
                _ = try waitlist.join(WaitlistRequest(
                    business: salon.seeded.businessID, location: salon.location, service: salon.haircut, provider: salon.ava,
                    wanted: [salon.at(10)..<salon.at(11)],
                    customer: CustomerDetails(name: "Dorothy Vaughan", email: "dorothy@example.com", phone: nil, locale: "en",
                                              consentEmail: true, consentSMS: false)), on: connection)
                let freed = WaitlistOffers.FreedTime(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                                     provider: salon.ava, range: salon.at(10)..<salon.at(11))
                #expect(try WaitlistOffers(outbox: salon.outbox, tokens: TestKeys.manageTokens).offer(freed, on: connection) == 1)
            }
            let expires = try salon.scalar(Date.self, "SELECT hold_expires_at FROM bookings WHERE status = 'held'")
            try world.timeOff(salon.ava, salon.at(14)..<salon.at(15), kind: "sick", note: "flu")
            try world.closure(dates: "[\(world.dayText(days: 1)),\(world.dayText(days: 1))]", note: "burst pipe")
            let owner = try world.signIn()

            let monday = try owner.get("/console/calendar?day=\(world.dayText())")
            let offers = world.between(monday.text, "id=\"offers-table\"", "</table>")
            #expect(offers.contains("Dorothy Vaughan") && offers.contains("10:00–10:30") && offers.contains(world.moment(expires)))
            #expect(!world.between(monday.text, "<h2 id=\"day-heading\"", "id=\"offers-table\"").contains("Dorothy"), "an offer is no booking row")
            let absences = world.between(monday.text, "id=\"absences-table\"", "</table>")
            #expect(absences.contains("Time off (sick)") && absences.contains("14:00–15:00") && absences.contains("flu"))
            #expect(absences.contains("Time off (lunch)") && absences.contains("12:00–13:00") && absences.contains("Ava") && absences.contains("Ben"))
            let tuesday = try owner.get("/console/calendar?day=\(world.dayText(days: 1))")
            #expect(tuesday.text.contains("Location closed") && tuesday.text.contains("Whole location") && tuesday.text.contains("burst pipe"))

            let week = try owner.get("/console/calendar?view=week&day=\(world.dayText())")
            #expect(world.section(week, world.dayText()).contains("Held for the waitlist until \(world.moment(expires))"))
            #expect(world.section(week, world.dayText()).contains("Time off (sick)"))
            #expect(world.section(week, world.dayText(days: 1)).contains("Location closed"))
            let ben = salon.ben.uuidString.lowercased()
            let bens = try owner.get("/console/calendar?view=week&provider=\(ben)&day=\(world.dayText())")
            #expect(!bens.text.contains("Dorothy") && !bens.text.contains("flu") && bens.text.contains("burst pipe"), "closures stay")

            let spanish = try world.request("GET", "/console/calendar?view=week&day=\(world.dayText())", cookie: owner.cookie,
                                            headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains("Apartado para la lista de espera") && spanish.text.contains("Local cerrado")
                    && spanish.text.contains("Ausencia (enfermedad)") && spanish.text.contains("lang=\"es\""))
        }
    }

    static func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
}

extension ConsoleWorld {
    var newYork: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = salon.zone
        return calendar
    }

    /// `YYYY-MM-DD` of the salon's Monday plus `days`, in New York.
    func dayText(days: Int = 0) -> String {
        let parts = newYork.dateComponents([.year, .month, .day], from: salon.at(12, days: days))
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `YYYY-MM-DD HH:MM` in New York.
    func moment(_ date: Date) -> String {
        let parts = newYork.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    /// The week view's section of one day.
    func section(_ page: TestResponse, _ day: String) -> String {
        between(page.text, "id=\"day-\(day)\"", "</section>")
    }

    func between(_ text: String, _ start: String, _ end: String) -> String {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else { return "" }
        return String(text[from.lowerBound..<to.upperBound])
    }

    /// A provider's time off between two instants.
    func timeOff(_ provider: UUID, _ period: Range<Date>, kind: String = "personal", note: String) throws {
        try salon.pool.withConnection {
            try $0.execute("INSERT INTO time_off (business_id, provider_id, kind, period, note) VALUES ($1, $2, $3, tstzrange($4, $5), $6)",
                           [salon.seeded.businessID, provider, kind, period.lowerBound, period.upperBound, note])
        }
    }

    /// A closure of the salon's Downtown location on whole local dates (`[first,last]`).
    func closure(dates: String, note: String = "closed") throws {
        try salon.pool.withConnection {
            try $0.execute("INSERT INTO time_off (business_id, location_id, kind, dates, note) VALUES ($1, $2, 'holiday', $3::daterange, $4)",
                           [salon.seeded.businessID, salon.location, dates, note])
        }
    }
}
