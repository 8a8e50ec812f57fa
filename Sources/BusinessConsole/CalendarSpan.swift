import Booking
import Foundation
import Postgres
import Templates

/// What one location's calendar shows over a stretch of whole local days:
/// its bookings (`BookingList`, as `/v1/admin/bookings` lists them), the
/// times held for waitlist customers (`WaitlistOffers.held`), providers' time
/// off and the location's closures (`Absence.touching`), read on one
/// connection and shown on the location's wall clock, a day at a time.
struct CalendarSpan {
    /// A page's words: a text key and its values, in the page's language.
    typealias Words = (String, [String: MustacheValue]) -> String

    let location: Catalog.LocationEntry
    /// The location's providers, for their names.
    let providers: [Catalog.ProviderEntry]
    /// Gregorian, in the location's zone.
    let calendar: Calendar
    /// Bookings starting in the span, as the admin API's JSON objects, in time
    /// order; held waitlist offers are in `offers` instead.
    let bookings: [[String: Any]]
    let offers: [WaitlistOffers.Held]
    let absences: [Absence]
    /// More bookings start in the span than the limit let through.
    let more: Bool

    /// Reads the span; `provider` narrows bookings, offers and time off to one
    /// provider (closures apply to everyone and stay).
    static func load(business: UUID, location: Catalog.LocationEntry, providers: [Catalog.ProviderEntry], provider: UUID?,
                     range: Range<Date>, limit: Int, calendar: Calendar, on connection: Connection) throws -> CalendarSpan {
        let filter = BookingList.Filter(location: location.id, provider: provider, from: range.lowerBound, to: range.upperBound)
        let page = try BookingList.page(business: business, filter: filter, after: nil, limit: limit, on: connection)
        let offers = try WaitlistOffers.held(business: business, location: location.id, provider: provider, in: range, on: connection)
        let held = Set(offers.map { $0.id.uuidString.lowercased() })
        let absences = try Absence.touching(range, business: business, location: location.id,
                                            providers: provider.map { [$0] } ?? providers.map(\.id), zone: calendar.timeZone, on: connection)
        let bookings = page.items.compactMap(BusinessConsole.object).filter { !held.contains(($0["id"] as? String ?? "").lowercased()) }
        return CalendarSpan(location: location, providers: providers, calendar: calendar, bookings: bookings, offers: offers,
                            absences: absences, more: page.next != nil)
    }

    /// The local day starting at `start`: to the next local midnight (23 or 25 hours when the clocks change).
    func day(from start: Date) -> Range<Date> {
        start..<(calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400))
    }

    // MARK: - Rows of one day

    /// One row of a day's table, and where it starts (for the week's order).
    typealias Row = (start: Date, fields: [String: MustacheValue])

    /// The day's bookings: time, provider, service, customer and state, linked to the booking's page.
    func bookingRows(_ day: Range<Date>, _ words: Words) -> [Row] {
        bookings.compactMap { object in
            guard let id = object["id"] as? String, let start = BusinessConsole.instant(object["starts_at"]), day.contains(start),
                  let end = BusinessConsole.instant(object["ends_at"]) else { return nil }
            let status = object["status"] as? String ?? ""
            let customer = object["customer"] as? [String: Any] ?? [:]
            return (start, [
                "id": .string(id), "when": .string(BusinessConsole.when(object, calendar)), "time": .string(times(start, end)),
                "status": .string(words("status_\(status)", [:])), "cancelled": .bool(status == "cancelled"),
                "service": .string(BusinessConsole.name(object["service"])), "provider": .string(BusinessConsole.name(object["provider"])),
                "customer": .string(customer["name"] as? String ?? "")])
        }
    }

    /// The day's held offers: time, provider, service, customer and when the hold ends.
    func offerRows(_ day: Range<Date>) -> [Row] {
        offers.filter { day.contains($0.start) }.map { offer in
            (offer.start, ["time": .string(times(offer.start, offer.end)), "provider": .string(offer.providerName),
                           "service": .string(offer.serviceName), "customer": .string(offer.customerName),
                           "expires": .string(moment(offer.expires, day: day))])
        }
    }

    /// The day's time off and closures, each stretch cut to the day: time (or
    /// "all day"), who (a provider, or the whole location), what, and the note.
    func absenceRows(_ day: Range<Date>, _ words: Words) -> [Row] {
        absences.flatMap { absence in
            absence.stretches.filter { $0.overlaps(day) }.map { stretch -> Row in
                let from = max(stretch.lowerBound, day.lowerBound), to = min(stretch.upperBound, day.upperBound)
                let who = absence.providerID.flatMap { id in providers.first { $0.id == id }?.name } ?? words("whole_location", [:])
                let what = absence.isClosure ? words("closure_label", [:])
                    : words("time_off_label", ["kind": .string(words("absence_\(absence.kind)", [:]))])
                let time = from == day.lowerBound && to == day.upperBound ? words("all_day", [:]) : times(from, to, dayEnd: day.upperBound)
                return (from, ["time": .string(time), "who": .string(who), "what": .string(what), "note": .string(absence.note)])
            }
        }.sorted { $0.start < $1.start }
    }

    /// Everything on the day in time order, each labelled (booking, held
    /// offer, time off, closure): what the week view lists under the day.
    func items(_ day: Range<Date>, _ words: Words) -> [MustacheValue] {
        func line(_ row: [String: MustacheValue], _ keys: [String]) -> String {
            keys.compactMap { row[$0]?.interpolated }.filter { !$0.isEmpty }.joined(separator: " · ")
        }
        let absences = absenceRows(day, words).map { row in
            (row.start, ["time": row.fields["time"] ?? "", "label": row.fields["what"] ?? "", "text": .string(line(row.fields, ["who", "note"])),
                         "href": .null])
        }
        let bookings = bookingRows(day, words).map { row in
            (row.start, ["time": row.fields["time"] ?? "", "label": .string(words("booking_label", [:])),
                         "text": .string(line(row.fields, ["service", "provider", "customer", "status"])),
                         "href": .string("/console/bookings/\(row.fields["id"]?.interpolated ?? "")")])
        }
        let offers = offerRows(day).map { row in
            (row.start, ["time": row.fields["time"] ?? "", "label": .string(words("offer_label", ["expires": row.fields["expires"] ?? ""])),
                         "text": .string(line(row.fields, ["service", "provider", "customer"])), "href": .null])
        }
        // Every item names its own href (null for none): a missing key would find the day's link.
        // Stable: at one instant, time off and closures come before what they block.
        let all: [(Date, [String: MustacheValue])] = absences + bookings + offers
        return all.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .map { .dictionary(MustacheObject($0.element.1)) }
    }

    // MARK: - Wall clock

    /// `10:00–10:45`; an end at the day's last instant reads 24:00.
    func times(_ start: Date, _ end: Date, dayEnd: Date? = nil) -> String {
        "\(BusinessConsole.clock(start, calendar))–\(end == dayEnd ? "24:00" : BusinessConsole.clock(end, calendar))"
    }

    /// `10:42`, or `2026-03-10 10:42` when not on `day`.
    func moment(_ date: Date, day: Range<Date>) -> String {
        day.contains(date) ? BusinessConsole.clock(date, calendar) : "\(BusinessConsole.dayText(date, calendar)) \(BusinessConsole.clock(date, calendar))"
    }
}
