import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// Removing what nothing needs any more: a service or a location through
/// `AdminTable.delete`, as `DELETE /v1/admin/services/{id}` and
/// `/v1/admin/locations/{id}` do (provider links cascade; bookings, waitlist
/// entries, providers and closures do not, so a record still referred to is
/// refused as in use, with what to do instead, and nothing changes); and a
/// waitlist entry for its customer through `WaitlistStore.leave`, the call
/// behind the customer's own "leave the waitlist" link.
extension BusinessConsole {
    func removeService(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        try remove(request, session, AdminTable.services, target: "service") { _ in
            try service(request, session, status: 422, refusal: ["removal_refused": true])
        }
    }

    func removeLocation(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        try remove(request, session, AdminTable.locations, target: "location") { _ in
            try location(request, session, status: 422, refusal: ["removal_refused": true])
        }
    }

    /// Deletes the `target` (service, location, provider) in the path with its
    /// audit entry, then goes to `redirect` (by default the list of the rest);
    /// one still in use answers `refused` (its page, saying why and what to do
    /// instead) and nothing changes.
    func remove(_ request: Request, _ session: Sessions.AdminSession, _ table: AdminTable, target: String,
                redirect: String? = nil, refused: (UUID) throws -> Response) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        do {
            return try committing(request, session, redirect: redirect ?? "/console/\(target)s?done=removed") { connection in
                let item = try table.delete(business: session.admin.businessID, id: id, on: connection)
                try audit(session, "/console/\(target)s/{id}/remove", [target: id.uuidString.lowercased()],
                          "removed \(target) \(Self.object(item)?["name"] as? String ?? "")", connection)
            }
        } catch let error as BookingError where error.code == .inUse {
            return try refused(id)
        }
    }

    /// Takes a waiting entry off the queue: the customer asked (by phone, at
    /// the desk). An entry holding an offer is refused as on the customer's
    /// link, since the held time is theirs until they accept or the hold runs
    /// out (then the expiry offers it to the next in line); the page says so.
    func removeWaitlistEntry(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let store = WaitlistStore(pool: pool, tokens: bookings.manageTokens)
        let left: WaitlistEntry
        do {
            left = try pool.withTransaction { connection -> WaitlistEntry in
                let entry = try store.leave(entry: id, business: session.admin.businessID, on: connection)
                if entry.status == "left" {
                    try audit(session, "/console/waitlist/{id}/remove", ["waitlist_entry": id.uuidString.lowercased()],
                              "removed a waitlist entry for its customer", connection)
                }
                return entry
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        } catch let error as BookingError where error.code == .notActive {
            return try self.waitlist(request, session, status: 409, refusal: "waitlist_remove_refused")
        }
        // Ended before this (expired, or offered between the read and the update, which then changed nothing).
        guard left.status == "left" else { return try self.waitlist(request, session, status: 409, refusal: "waitlist_remove_refused") }
        // The same view as before, from the filters the form carried (ids and states only: nothing else reaches the header).
        var filters = ["location=" + left.locationID.uuidString.lowercased()]
        for name in ["service", "provider"] {
            if let value = request.query[name].flatMap(UUID.init(uuidString:)) { filters.append("\(name)=\(value.uuidString.lowercased())") }
        }
        if let state = request.query["state"], Self.waitlistStates.contains(state) { filters.append("state=" + state) }
        return PageResponse.redirect(to: "/console/waitlist?\(filters.joined(separator: "&"))&done=removed")
    }
}
