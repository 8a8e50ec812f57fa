import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// A booking's page: what, when (in the location's zone), who; cancelling it
/// with a reason through `BookingStore.cancel(booking:business:reason:on:)`,
/// the call `POST /v1/admin/bookings/{id}/cancel` makes, so the customer's
/// notice goes out through the same outbox and the slot is freed the same
/// way; and moving it (`BusinessConsole+Move.swift`).
extension BusinessConsole {
    /// What the move form held when it comes back refused: its fields as typed, and what to do.
    struct MoveAttempt {
        var fields: [String: String]
        var refusal: String
    }

    /// A booking of the session's business; another business's id is not found.
    /// `error` is a cancel refusal's text key; `move` a refused move.
    func booking(_ request: Request, _ session: Sessions.AdminSession, error: String? = nil, move: MoveAttempt? = nil) throws -> Response {
        let business = session.admin.businessID
        guard let id = UUID(uuidString: request.parameter("id")),
              let (object, providers) = try pool.withConnection({ connection -> ([String: Any], [Catalog.ProviderEntry])? in
                  guard let json = try? BookingList.booking(business: business, id: id, on: connection), let object = Self.object(json),
                        let location = (object["location"] as? [String: Any])?["id"] as? String
                  else { return nil }
                  return (object, try Catalog.providers(business: business, location: UUID(uuidString: location), on: connection))
              })
        else { return notFound(request, session) }
        let zone = TimeZone(identifier: (object["time_zone"] as? String) ?? "UTC") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let customer = object["customer"] as? [String: Any] ?? [:]
        let status = object["status"] as? String ?? ""
        let start = Self.instant(object["starts_at"]) ?? Date()
        let service = ((object["service"] as? [String: Any])?["id"] as? String).flatMap(UUID.init(uuidString:))
        let current = ((object["provider"] as? [String: Any])?["id"] as? String) ?? ""
        let location = ((object["location"] as? [String: Any])?["id"] as? String) ?? ""
        // The move form: as typed when refused, else the booking as it is.
        let typed = move?.fields ?? ["day": Self.dayText(start, calendar), "time": Self.clock(start, calendar), "provider": current, "reason": ""]
        let offering = providers.filter { provider in service.map(provider.serviceIDs.contains) ?? false }
        let done = request.query["done"] ?? ""
        var context: [String: MustacheValue] = [
            "id": .string(id.uuidString.lowercased()), "status": .string(status),
            "service": .string(Self.name(object["service"])), "provider": .string(Self.name(object["provider"])),
            "location": .string(Self.name(object["location"])), "zone": .string(zone.identifier),
            "when": .string(Self.when(object, calendar)), "customer_name": .string(customer["name"] as? String ?? ""),
            "customer_email": .string(customer["email"] as? String ?? ""), "customer_phone": .string(customer["phone"] as? String ?? ""),
            // An empty string is true to Mustache: no reason, no row.
            "cancel_reason": (object["cancel_reason"] as? String).flatMap { $0.isEmpty ? nil : MustacheValue.string($0) } ?? .null,
            "can_cancel": .bool(status == "confirmed" || status == "held"), "can_move": .bool(status == "confirmed"),
            "cancelled": .bool(done == "cancelled"), "moved": .bool(done == "moved"), "unchanged": .bool(done == "unchanged"),
            "created": .bool(done == "created"),
            "move_day": .string(typed["day"] ?? ""), "move_time": .string(typed["time"] ?? ""), "move_reason": .string(typed["reason"] ?? ""),
            "move_providers": .list(offering.map { provider in
                .dictionary(MustacheObject(["id": .string(CalendarChoice.id(provider.id)), "name": .string(provider.name),
                                            "selected": .bool(CalendarChoice.id(provider.id) == typed["provider"])]))
            }),
            "back": .string("/console/calendar?location=\(location)&day=\(Self.dayText(start, calendar))")]
        context["error_text"] = error.map { .string(text($0, request)) } ?? .null
        context.merge(try messageLog(business: session.admin.businessID, booking: id, calendar, request)) { current, _ in current }
        context["move_error"] = move.map { .string($0.refusal) } ?? .null
        let refused = error != nil || move != nil
        return page("booking", request, session, status: refused ? 422 : 200, title: "booking_title", context)
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
}
