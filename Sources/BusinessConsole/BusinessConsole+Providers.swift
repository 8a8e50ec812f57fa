import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// Providers on the staff hours page: added (with their location and the
/// services they offer), renamed and removed through `AdminTable.providers`
/// and `AdminTable.offer`, the statements `POST /v1/admin/providers`,
/// `PATCH`/`DELETE /v1/admin/providers/{id}` and
/// `PUT /v1/admin/providers/{id}/services/{service_id}` run. Their rules, time
/// off and service links go with them (the schema cascades); bookings and
/// waitlist entries do not, so a provider who has any is refused as in use.
extension BusinessConsole {
    /// The add form: the business's locations and services, what was typed kept after a refusal.
    func newProviderForm(_ request: Request, business: UUID, refill: [String: MustacheValue],
                         ticked: Set<UUID>) throws -> [String: MustacheValue] {
        let (locations, services) = try pool.withConnection {
            (try Catalog.locations(business: business, on: $0), try Catalog.services(business: business, on: $0))
        }
        let typedLocation: String? = if case .string(let id)? = refill["new_provider_location"] { id } else { nil }
        let places: [MustacheValue] = locations.map { location in
            .dictionary(MustacheObject(["id": .string(location.id.uuidString.lowercased()), "name": .string(location.name),
                                        "zone": .string(location.timeZone),
                                        "selected": .bool(location.id.uuidString.lowercased() == typedLocation)]))
        }
        let offered: [MustacheValue] = services.map { service in
            .dictionary(MustacheObject(["id": .string(service.id.uuidString.lowercased()), "name": .string(service.name),
                                        "minutes": .string(String(service.durationMinutes)), "checked": .bool(ticked.contains(service.id))]))
        }
        return ["new_locations": .list(places), "has_new_locations": .bool(!places.isEmpty), "new_services": .list(offered),
                "has_new_services": .bool(!offered.isEmpty)]
    }

    func addProvider(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        let ticked = form.pairs.filter { $0.name == "service" }.map { UUID(uuidString: $0.value) }
        guard let locationID = form["location"].flatMap(UUID.init(uuidString:)), !ticked.contains(nil),
              let location = try pool.withConnection({ try Catalog.locations(business: business, on: $0) }).first(where: { $0.id == locationID })
        else { return notFound(request, session) }
        let services = Set(ticked.compactMap { $0 })
        let name = Self.typedName(form)
        guard (1...200).contains(name.count) else {
            let typed = ["name": name, "location": locationID.uuidString.lowercased()]
            return try hours(request, session, status: 422, provider: nil, refill: FieldError.context(
                "new_provider", typed: typed, errors: [FieldError(field: "name", id: "np-name", message: text("provider_error_name", request))]),
                ticked: services)
        }
        // The admin API's defaults: no contact of their own, staff notices by email once they have one.
        let values = try Self.json(["location_id": locationID.uuidString.lowercased(), "name": name, "notify_by_email": true])
        let added: String
        do {
            added = try pool.withTransaction { connection -> String in
                let item = try AdminTable.providers.insert(business: business, values: values, on: connection)
                guard let id = (Self.object(item)?["id"] as? String).flatMap(UUID.init(uuidString:)) else {
                    preconditionFailure("a provider's view has its id")
                }
                for service in services.sorted(by: { $0.uuidString < $1.uuidString }) {
                    _ = try AdminTable.offer(business: business, provider: id, service: service, on: connection)
                }
                try audit(session, "/console/providers", ["provider": id.uuidString.lowercased()],
                          "added provider \(name) at \(location.name) offering \(services.count) service(s)", connection)
                return id.uuidString.lowercased()
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)  // another business's service: the composite foreign key refuses the link
        }
        return PageResponse.redirect(to: "/console/hours?provider=\(added)&done=provider-added")
    }

    func renameProvider(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let business = session.admin.businessID
        guard let provider = try pool.withConnection({ try Catalog.providers(business: business, on: $0) }).first(where: { $0.id == id })
        else { return notFound(request, session) }
        let name = Self.typedName(form)
        guard (1...200).contains(name.count) else {
            return try hours(request, session, status: 422, provider: id, refill: FieldError.context(
                "rename", typed: ["name": name], errors: [FieldError(field: "name", id: "pr-name", message: text("provider_error_name", request))]))
        }
        let path = id.uuidString.lowercased()
        return try committing(request, session, redirect: "/console/hours?provider=\(path)&done=provider-renamed") { connection in
            _ = try AdminTable.providers.update(business: business, id: id, changes: try Self.json(["name": name]), on: connection)
            try audit(session, "/console/providers/{id}", ["provider": path], "renamed provider \(provider.name) to \(name)", connection)
        }
    }

    /// Removes a provider nothing else refers to; one with bookings or
    /// waitlist entries (even past or cancelled ones, kept for the record) is
    /// refused with what to do instead, and nothing changes.
    func removeProvider(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        try remove(request, session, AdminTable.providers, target: "provider", redirect: "/console/hours?done=provider-removed") { id in
            try hours(request, session, status: 422, provider: id, refill: ["removal_refused": true])
        }
    }

    /// A name field as typed, trimmed, at most 300 characters kept.
    static func typedName(_ form: FormBody) -> String {
        String((form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
    }
}
