import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// Moving a booking from its page to another day and time, and optionally
/// to another provider of its location who offers its service, with a
/// reason: `BookingStore.reschedule(booking:business:to:provider:on:)`, the
/// call `POST /v1/admin/bookings/{id}/reschedule` makes, so the engine checks
/// the new time, the exclusion constraint decides races, and the customer's
/// "moved" notice and the old time's `slot_released` go out through the
/// outbox exactly as on the API path. The reason goes to the audit trail.
extension BusinessConsole {
    func moveBooking(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        guard let id = UUID(uuidString: request.parameter("id")),
              let object = try pool.withConnection({ connection in
                  (try? BookingList.booking(business: business, id: id, on: connection)).flatMap(Self.object)
              })
        else { return notFound(request, session) }
        let typed = ["day": form["day"] ?? "", "time": form["time"] ?? "", "provider": form["provider"] ?? "", "reason": form["reason"] ?? ""]
        let zone = TimeZone(identifier: (object["time_zone"] as? String) ?? "UTC") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func refuse(_ refusal: String) throws -> Response {
            try booking(request, session, move: MoveAttempt(fields: typed, refusal: refusal))
        }
        let reason = (typed["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let start = Self.parseMoment(day: typed["day"] ?? "", time: typed["time"] ?? "", calendar) else {
            return try refuse(text("move_bad_time", request))
        }
        guard !reason.isEmpty, reason.count <= 500 else { return try refuse(text("move_reason_needed", request)) }
        let provider: UUID?
        if let chosen = typed["provider"], !chosen.isEmpty {
            guard let parsed = UUID(uuidString: chosen) else { return notFound(request, session) }
            provider = parsed
        } else {
            provider = nil
        }
        let done: String
        do {
            done = try pool.withTransaction { connection in
                let moved = try bookings.reschedule(booking: id, business: business, to: start, provider: provider, on: connection)
                let when = "\(typed["day"] ?? "") \(typed["time"] ?? "") (\(zone.identifier)) with \(moved.booking.providerName)"
                try audit(session, "/console/bookings/{id}/move", ["booking": id.uuidString.lowercased()],
                          moved.unchanged ? "booking already at \(when): unchanged; reason: \(reason)" : "moved booking to \(when); reason: \(reason)",
                          connection)
                return moved.unchanged ? "unchanged" : "moved"
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)  // another business's booking or provider
        } catch let error as BookingError {
            return try refuse(refusal(error, request, calendar))
        }
        return PageResponse.redirect(to: "/console/bookings/\(id.uuidString.lowercased())?done=\(done)")
    }

    /// The engine's codes the console words (`sched_CODE`); anything else is `sched_other`.
    static let schedulingCodes: Set<String> = [
        "service_not_offered", "too_soon", "beyond_horizon", "outside_hours", "location_closed", "provider_time_off", "slot_taken", "off_grid",
    ]

    /// What a refused booking or move says to do: why, and for a taken time
    /// the nearest free ones, on the location's wall clock.
    func refusal(_ error: BookingError, _ request: Request, _ calendar: Calendar) -> String {
        switch error.code {
        case .notActive:
            return text("move_not_active", request)
        case .slotUnavailable:
            let nearby = error.alternatives.map { "\(Self.dayText($0.start, calendar)) \(Self.clock($0.start, calendar))" }
            let taken = text("sched_slot_taken", request)
            return nearby.isEmpty ? taken
                : taken + " " + text("alternatives", request, ["times": .string(nearby.joined(separator: ", ")), "zone": .string(calendar.timeZone.identifier)])
        default:
            let code = error.schedulingCode.flatMap { Self.schedulingCodes.contains($0) ? $0 : nil } ?? "other"
            return text("sched_\(code)", request)
        }
    }
}
