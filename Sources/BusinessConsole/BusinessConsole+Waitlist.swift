import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The waitlist: one location's entries in queue order (first come, first
/// offered), filtered by service, provider and state, read through
/// `WaitlistStore.queue`, each with the times it wants and the offer it was
/// made, in the location's zone. An entry is removed for its customer (who
/// asked by phone) as their own link's "leave" does it
/// (`BusinessConsole+Removal.swift`).
extension BusinessConsole {
    static let waitlistPageSize = 50
    /// The `state` filter's choices: the open queue (the default), every entry, or one status.
    static let waitlistStates = ["open", "all", "waiting", "offered", "booked", "expired", "left"]

    /// `refusal` (a text key) says why an entry was not removed, above the queue.
    func waitlist(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, refusal: String? = nil) throws -> Response {
        let business = session.admin.businessID
        let (locations, services, providers) = try pool.withConnection {
            (try Catalog.locations(business: business, on: $0), try Catalog.services(business: business, on: $0),
             try Catalog.providers(business: business, on: $0))
        }
        // Any id that is not this business's (or is no id at all) is not found, like the calendar's.
        func chosen(_ name: String) -> String? { request.query[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let typed = chosen("location"), !locations.contains(where: { $0.id == UUID(uuidString: typed) }) { return notFound(request, session) }
        let shown = chosen("location").flatMap { id in locations.first { $0.id == UUID(uuidString: id) } } ?? locations.first
        let service = chosen("service").map { UUID(uuidString: $0) }
        if let service, !services.contains(where: { $0.id == service }) { return notFound(request, session) }
        let provider = chosen("provider").map { UUID(uuidString: $0) }
        if let provider, !providers.contains(where: { $0.id == provider && $0.locationID == shown?.id }) { return notFound(request, session) }
        let after = chosen("after").map { UUID(uuidString: $0) }
        if let after, after == nil { return notFound(request, session) }
        guard let location = shown else {
            return page("waitlist", request, session, title: "waitlist_title", ["no_locations": true])
        }

        // A state this page does not offer: say so, and show the open queue.
        let typedState = chosen("state") ?? "open"
        let badState = !Self.waitlistStates.contains(typedState)
        let state = badState ? "open" : typedState
        let states: WaitlistStore.QueueFilter.States = switch state {
        case "open": .open
        case "all": .all
        default: .only(state)
        }
        let filter = WaitlistStore.QueueFilter(location: location.id, service: service ?? nil, provider: provider ?? nil, states: states)
        let queue: WaitlistStore.QueuePage
        do {
            queue = try pool.withConnection {
                try WaitlistStore.queue(business: business, filter: filter, after: badState ? nil : after ?? nil, limit: Self.waitlistPageSize, on: $0)
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: location.timeZone) ?? .gmt
        let rows = queue.entries.map { waitlistRow($0, calendar, request) }
        func options<T>(_ items: [T], _ id: (T) -> UUID, _ name: (T) -> String, selected: UUID?) -> MustacheValue {
            .list(items.map { item in
                .dictionary(MustacheObject(["id": .string(id(item).uuidString.lowercased()), "name": .string(name(item)),
                                            "selected": .bool(id(item) == selected)]))
            })
        }
        let stateOptions: [MustacheValue] = Self.waitlistStates.map { value in
            .dictionary(MustacheObject(["value": .string(value), "name": .string(text("waitlist_filter_\(value)", request)),
                                        "selected": .bool(value == state)]))
        }
        // The filters as a query: for the next page, and for the remove buttons (the page after one is the same view).
        let filters = [("location", location.id.uuidString.lowercased()), ("service", service??.uuidString.lowercased() ?? ""),
                       ("provider", provider??.uuidString.lowercased() ?? ""), ("state", state)].map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        func query(after last: UUID) -> String { "/console/waitlist?" + filters + "&after=" + last.uuidString.lowercased() }
        var context: [String: MustacheValue] = [
            "locations": options(locations, \.id, \.name, selected: location.id),
            "services": options(services, \.id, \.name, selected: service ?? nil),
            "providers": options(providers.filter { $0.locationID == location.id }, \.id, \.name, selected: provider ?? nil),
            "states": .list(stateOptions), "location_name": .string(location.name), "zone": .string(location.timeZone),
            "entries": .list(rows), "has_entries": .bool(!rows.isEmpty), "bad_state": .bool(badState),
            "limit": .string(String(Self.waitlistPageSize))]
        context["more"] = queue.more ? queue.entries.last.map { .string(query(after: $0.entry.id)) } ?? .null : .null
        context["filter_query"] = .string(filters)
        context["refusal"] = refusal.map { .string(text($0, request)) } ?? .null
        context["removed"] = .bool(request.query["done"] == "removed" && refusal == nil)
        return page("waitlist", request, session, status: badState ? 422 : status, title: "waitlist_title", context)
    }

    func waitlistRow(_ queued: WaitlistStore.QueuedEntry, _ calendar: Calendar, _ request: Request) -> MustacheValue {
        var row: [String: MustacheValue] = [
            "id": .string(queued.entry.id.uuidString.lowercased()), "customer": .string(queued.customerName),
            "service": .string(queued.serviceName), "provider": .string(queued.providerName ?? text("waitlist_any_provider", request)),
            "wanted": .list(queued.wanted.map { .string(Self.span($0, calendar)) }),
            "status": .string(queued.entry.status), "waiting": .bool(queued.entry.status == "waiting"), "state": .string(text("waitlist_state_\(queued.entry.status)", request)),
            "joined": .string(Self.moment(queued.entry.createdAt, calendar))]
        row["place"] = queued.place.map { .string(String($0)) } ?? .null
        row["offer"] = queued.offer.map { offer in
            var values: [String: MustacheValue] = [
                "booking": .string(offer.bookingID.uuidString.lowercased()), "slot": .string(Self.span(offer.slot, calendar)),
                "provider": .string(offer.providerName), "offered": .string(Self.moment(offer.offeredAt, calendar)),
                "state": .string(text("offer_state_\(offer.state.rawValue)", request)), "state_name": .string(offer.state.rawValue)]
            values["expires"] = offer.state == .held ? offer.expiresAt.map { .string(Self.moment($0, calendar)) } ?? .null : .null
            values["ended"] = offer.endedAt.map { .string(Self.moment($0, calendar)) } ?? .null
            return .dictionary(MustacheObject(values))
        } ?? .null
        return .dictionary(MustacheObject(row))
    }

    /// `2026-05-31 14:05`, in `calendar`'s zone (the page names the zone).
    static func moment(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return dayText(date, calendar) + String(format: " %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `2026-05-31 09:00–12:00`, or both days in full when it spans midnight.
    static func span(_ range: Range<Date>, _ calendar: Calendar) -> String {
        let start = moment(range.lowerBound, calendar), end = moment(range.upperBound, calendar)
        return start.prefix(10) == end.prefix(10) ? start + "–" + end.dropFirst(11) : start + " – " + end
    }
}
