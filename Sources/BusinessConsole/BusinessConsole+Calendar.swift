import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The calendar: one location's day (all its providers, or one), in the
/// location's own time zone; a booking's page; and cancelling it with a
/// reason through `BookingStore.cancel(booking:business:reason:on:)`, the
/// call `POST /v1/admin/bookings/{id}/cancel` makes, so the customer's
/// notice goes out through the same outbox and the slot is freed the same way.
extension BusinessConsole {
    /// How many bookings one day shows at most; a day past it says so.
    static let dayLimit = 300

    func calendar(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        let business = session.admin.businessID
        let (locations, providers) = try pool.withConnection {
            (try Catalog.locations(business: business, on: $0), try Catalog.providers(business: business, on: $0))
        }
        // A location that is not this business's (or no id at all) is not found, whatever else the business has.
        let chosenLocation = request.query["location"].flatMap { $0.isEmpty ? nil : $0 }
        if let chosenLocation, !locations.contains(where: { $0.id == UUID(uuidString: chosenLocation) }) { return notFound(request, session) }
        guard let location = chosenLocation.flatMap({ id in locations.first { $0.id == UUID(uuidString: id) } }) ?? locations.first else {
            return page("calendar", request, session, title: "calendar_title", ["no_locations": true])
        }
        let chosenProvider = request.query["provider"].flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        if let chosenProvider, !providers.contains(where: { $0.id == chosenProvider && $0.locationID == location.id }) {
            return notFound(request, session)
        }
        let zone = TimeZone(identifier: location.timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var badDay = false
        var start = calendar.startOfDay(for: Date())
        if let typed = request.query["day"], !typed.isEmpty {
            if let day = Self.parseDay(typed, calendar) { start = day } else { badDay = true }
        }
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        let filter = BookingList.Filter(location: location.id, provider: chosenProvider, from: start, to: end)
        let day = try pool.withConnection { try BookingList.page(business: business, filter: filter, after: nil, limit: Self.dayLimit, on: $0) }
        let rows: [MustacheValue] = day.items.compactMap { Self.bookingRow($0, calendar) }
        let dayText = Self.dayText(start, calendar)
        func dayLink(_ offset: Int) -> String {
            let day = calendar.date(byAdding: .day, value: offset, to: start) ?? start
            return "/console/calendar?location=\(location.id.uuidString.lowercased())&provider=\(chosenProvider?.uuidString.lowercased() ?? "")&day=\(Self.dayText(day, calendar))"
        }
        let locationOptions: [MustacheValue] = locations.map { entry in
            .dictionary(MustacheObject(["id": .string(entry.id.uuidString.lowercased()), "name": .string(entry.name),
                                        "selected": .bool(entry.id == location.id)]))
        }
        let providerOptions: [MustacheValue] = providers.filter { $0.locationID == location.id }.map { entry in
            .dictionary(MustacheObject(["id": .string(entry.id.uuidString.lowercased()), "name": .string(entry.name),
                                        "selected": .bool(entry.id == chosenProvider)]))
        }
        var context: [String: MustacheValue] = [
            "locations": .list(locationOptions), "providers": .list(providerOptions), "day": .string(dayText),
            "zone": .string(location.timeZone), "location_name": .string(location.name), "bookings": .list(rows),
            "has_bookings": .bool(!rows.isEmpty), "more": .bool(day.next != nil), "previous_day": .string(dayLink(-1)),
            "next_day": .string(dayLink(1)), "bad_day": .bool(badDay)]
        context["limit"] = .string(String(Self.dayLimit))
        return page("calendar", request, session, status: badDay ? 422 : 200, title: "calendar_title", context)
    }

    /// A booking of the session's business; another business's id is not found.
    func booking(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, error: String? = nil) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")),
              let json = try pool.withConnection({ connection in
                  try? BookingList.booking(business: session.admin.businessID, id: id, on: connection)
              }),
              let object = Self.object(json)
        else { return notFound(request, session) }
        let zone = TimeZone(identifier: (object["time_zone"] as? String) ?? "UTC") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let customer = object["customer"] as? [String: Any] ?? [:]
        let status = object["status"] as? String ?? ""
        var context: [String: MustacheValue] = [
            "id": .string(id.uuidString.lowercased()), "status": .string(status),
            "service": .string(Self.name(object["service"])), "provider": .string(Self.name(object["provider"])),
            "location": .string(Self.name(object["location"])), "zone": .string(zone.identifier),
            "when": .string(Self.when(object, calendar)), "customer_name": .string(customer["name"] as? String ?? ""),
            "customer_email": .string(customer["email"] as? String ?? ""), "customer_phone": .string(customer["phone"] as? String ?? ""),
            "cancel_reason": .string(object["cancel_reason"] as? String ?? ""),
            "can_cancel": .bool(status == "confirmed" || status == "held"),
            "cancelled": .bool(request.query["done"] == "cancelled"),
            "back": .string("/console/calendar?day=\(Self.dayText(Self.instant(object["starts_at"]) ?? Date(), calendar))")]
        context["error_text"] = error.map { .string(text($0, request)) } ?? .null
        context.merge(try messageLog(business: session.admin.businessID, booking: id, calendar, request)) { current, _ in current }
        return page("booking", request, session, status: error == nil ? 200 : 422, title: "booking_title", context)
    }

    /// Cancels with the admin's reason: the customer is told as on the API path.
    func cancelBooking(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else { return try booking(request, session, error: "cancel_reason_needed") }
        do {
            try pool.withTransaction { connection in
                _ = try bookings.cancel(booking: id, business: session.admin.businessID, reason: reason, on: connection)
                try audit(session, "/console/bookings/{id}/cancel", ["booking": id.uuidString.lowercased()], "cancelled booking", connection)
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        } catch let error as BookingError where error.code == .notActive {
            return try booking(request, session, error: "cancel_not_active")
        }
        return PageResponse.redirect(to: "/console/bookings/\(id.uuidString.lowercased())?done=cancelled")
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

    /// `10:00–10:45`, in the location's zone.
    static func when(_ object: [String: Any], _ calendar: Calendar) -> String {
        guard let start = instant(object["starts_at"]), let end = instant(object["ends_at"]) else { return "" }
        func clock(_ date: Date) -> String {
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
        return "\(dayText(start, calendar)) \(clock(start))–\(clock(end))"
    }

    static func bookingRow(_ json: String, _ calendar: Calendar) -> MustacheValue? {
        guard let object = object(json), let id = object["id"] as? String else { return nil }
        let customer = object["customer"] as? [String: Any] ?? [:]
        let status = object["status"] as? String ?? ""
        let row: [String: MustacheValue] = [
            "id": .string(id), "when": .string(when(object, calendar)), "status": .string(status),
            "cancelled": .bool(status == "cancelled"), "service": .string(name(object["service"])),
            "provider": .string(name(object["provider"])), "customer": .string(customer["name"] as? String ?? "")]
        return .dictionary(MustacheObject(row))
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
        return date
    }
}

