import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// A provider's time off and the services they offer, on the hours page.
///
/// Time off is added and removed through `AdminTable.timeOff`, the
/// statements `/v1/admin/time-off` runs, as instants typed on the wall clock
/// of the provider's location; the services through `AdminTable.offerOnly`, as
/// `/v1/admin/providers/{id}/services/{service_id}` links them. The time off
/// table's trigger bumps the provider's availability version in the same
/// transaction, and links are read on every availability request, so the
/// booking page follows at once.
extension BusinessConsole {
    /// The kinds of time off the schema knows, in the order the form offers them.
    static let timeOffKinds = ["personal", "holiday", "sick", "training", "lunch", "other"]
    /// The longest reason the API takes.
    static let maxNote = 500

    /// The time off and services sections of `provider`'s hours page.
    func staffSections(_ request: Request, business: UUID, provider: Catalog.ProviderEntry, typed: [String: String],
                       errors: [String]) throws -> [String: MustacheValue] {
        let (location, services, timeOff) = try pool.withConnection { connection in
            (try Catalog.locations(business: business, on: connection).first { $0.id == provider.locationID },
             try Catalog.services(business: business, on: connection),
             try AdminTable.upcomingTimeOff(business: business, provider: provider.id, location: nil, on: connection))
        }
        let zone = TimeZone(identifier: location?.timeZone ?? "UTC") ?? .gmt
        let offered: [MustacheValue] = services.map { service in
            .dictionary(MustacheObject([
                "id": .string(service.id.uuidString.lowercased()), "name": .string(service.name),
                "minutes": .string(String(service.durationMinutes)), "checked": .bool(provider.serviceIDs.contains(service.id))]))
        }
        let rows = timeOff.compactMap { timeOffRow($0, zone: zone, request) }
        var context: [String: MustacheValue] = [
            "sub_hours": true, "zone": .string(zone.identifier), "location_name": .string(location?.name ?? ""),
            "time_off": .list(rows), "has_time_off": .bool(!rows.isEmpty), "services": .list(offered), "has_services": .bool(!services.isEmpty),
            "kinds": kindOptions(typed["kind"] ?? "personal", request),
            "time_off_errors": .list(errors.map { .string($0) }), "has_time_off_errors": .bool(!errors.isEmpty)]
        for field in ["starts", "ends", "note"] { context["typed_" + field] = .string(typed[field] ?? "") }
        return context
    }

    func addTimeOff(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        guard let providerID = form["provider"].flatMap(UUID.init(uuidString:)),
              let provider = try pool.withConnection({ try Catalog.providers(business: business, on: $0) }).first(where: { $0.id == providerID }),
              let location = try pool.withConnection({ try Catalog.locations(business: business, on: $0) }).first(where: { $0.id == provider.locationID })
        else { return notFound(request, session) }
        let zone = TimeZone(identifier: location.timeZone) ?? .gmt
        var typed: [String: String] = [:]
        for field in ["kind", "starts", "ends", "note"] { typed[field] = String((form[field] ?? "").trimmingCharacters(in: .whitespaces).prefix(600)) }
        var errors: [String] = []
        let kind = typed["kind"] ?? ""
        if !Self.timeOffKinds.contains(kind) { errors.append(text("time_off_error_kind", request)) }
        var instants: [Date] = []
        for field in ["starts", "ends"] {
            let label = text("time_off_" + field, request)
            guard let local = LocalDateTime(typed[field] ?? "") else {
                errors.append(text("time_off_error_moment", request, ["field": .string(label)]))
                continue
            }
            guard let instant = local.instant(in: zone) else {
                errors.append(text("time_off_error_skipped", request, ["field": .string(label), "zone": .string(zone.identifier)]))
                continue
            }
            instants.append(instant)
        }
        if instants.count == 2, instants[0] >= instants[1] { errors.append(text("time_off_error_order", request)) }
        let note = typed["note"] ?? ""
        if note.count > Self.maxNote { errors.append(text("error_note", request, ["maximum": .string(String(Self.maxNote))])) }
        guard errors.isEmpty else { return try hours(request, session, status: 422, provider: provider.id, typed: typed, errors: errors) }
        let values = try Self.json([
            "provider_id": provider.id.uuidString.lowercased(), "kind": kind, "note": note,
            "period": "[\(instants[0].formatted(.iso8601)),\(instants[1].formatted(.iso8601)))"])
        let when = "\(LocalDateTime(instants[0], in: zone)) – \(LocalDateTime(instants[1], in: zone)) \(zone.identifier)"
        return try committing(request, session, redirect: "/console/hours?provider=\(provider.id.uuidString.lowercased())&done=time-off") { connection in
            _ = try AdminTable.timeOff.insert(business: business, values: values, on: connection)
            try audit(session, "/console/hours/time-off", ["provider": provider.id.uuidString.lowercased()],
                      "added time off for \(provider.name) (\(kind), \(when))", connection)
        }
    }

    func removeTimeOff(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let removed = try removeTimeOff(request, session, owner: "provider_id", route: "/console/hours/time-off/{id}/remove",
                                              summary: "removed time off") else { return notFound(request, session) }
        return PageResponse.redirect(to: "/console/hours?provider=\(removed["provider_id"] as? String ?? "")&done=time-off")
    }

    /// Deletes the time off row in the path when its `owner` column (a
    /// provider's time off or a location's closure) is set, and audits it;
    /// nil when the business has no such row.
    func removeTimeOff(_ request: Request, _ session: Sessions.AdminSession, owner: String, route: String,
                       summary: String) throws -> [String: Any]? {
        guard let id = UUID(uuidString: request.parameter("id")) else { return nil }
        let business = session.admin.businessID
        do {
            return try pool.withTransaction { connection -> [String: Any]? in
                guard let row = Self.object(try AdminTable.timeOff.get(business: business, id: id, on: connection)),
                      row[owner] is String else { return nil }
                _ = try AdminTable.timeOff.delete(business: business, id: id, on: connection)
                try audit(session, route, [owner == "provider_id" ? "time_off" : "closure": id.uuidString.lowercased()], summary, connection)
                return row
            }
        } catch let error as BookingError where error.code == .notFound {
            return nil
        }
    }

    /// Makes the provider offer exactly the ticked services.
    func saveOffers(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        let ticked = form.pairs.filter { $0.name == "service" }.map { UUID(uuidString: $0.value) }
        guard let provider = form["provider"].flatMap(UUID.init(uuidString:)), !ticked.contains(nil) else { return notFound(request, session) }
        return try committing(request, session, redirect: "/console/hours?provider=\(provider.uuidString.lowercased())&done=services") { connection in
            let names = Dictionary(uniqueKeysWithValues: try Catalog.services(business: business, on: connection).map { ($0.id, $0.name) })
            let change = try AdminTable.offerOnly(Set(ticked.compactMap { $0 }), business: business, provider: provider, on: connection)
            let summary = (change.offered.map { "+" + (names[$0] ?? $0.uuidString) } + change.withdrawn.map { "−" + (names[$0] ?? $0.uuidString) })
            try audit(session, "/console/hours/services", ["provider": provider.uuidString.lowercased()],
                      "changed services offered: " + (summary.isEmpty ? "none" : summary.joined(separator: ", ")), connection)
        }
    }

    /// Runs a change with its audit entry in one transaction, then sends the
    /// browser to `redirect`; an id that is not this business's (`notFound`,
    /// from a lookup or a composite foreign key) changes nothing and answers 404.
    func committing(_ request: Request, _ session: Sessions.AdminSession, redirect: String,
                    _ change: (Connection) throws -> Void) throws -> Response {
        do {
            try pool.withTransaction(change)
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        }
        return PageResponse.redirect(to: redirect)
    }

    // MARK: - Time off and closures as rows

    /// One row of `timeOff` (time off or a closure) for a table, its times on `zone`'s wall clock.
    func timeOffRow(_ json: String, zone: TimeZone, _ request: Request) -> MustacheValue? {
        guard let row = Self.object(json), let id = row["id"] as? String else { return nil }
        let when: String
        if let start = Self.instant(row["starts_at"]), let end = Self.instant(row["ends_at"]) {
            when = "\(LocalDateTime(start, in: zone)) – \(LocalDateTime(end, in: zone))"
        } else if let from = row["from_date"] as? String, let until = row["until_date"] as? String {
            when = from == until ? from : "\(from) – \(until)"
        } else {
            let days = (row["weekdays"] as? [Int] ?? []).map { text("weekday_\($0)", request) }.joined(separator: ", ")
            when = text("time_off_weekly", request, ["days": .string(days), "start": .string(row["start_time"] as? String ?? ""),
                                                     "end": .string(row["end_time"] as? String ?? "")])
        }
        let kind = row["kind"] as? String ?? ""
        return .dictionary(MustacheObject([
            "id": .string(id), "when": .string(when), "kind": .string(text("kind_" + kind, request)),
            "note": .string(row["note"] as? String ?? "")]))
    }

    /// The kinds of time off as options, `chosen` selected.
    func kindOptions(_ chosen: String, _ request: Request) -> MustacheValue {
        .list(Self.timeOffKinds.map { kind in
            .dictionary(MustacheObject(["value": .string(kind), "name": .string(text("kind_" + kind, request)), "selected": .bool(kind == chosen)]))
        })
    }

    /// Column values as the JSON object `AdminTable` statements read.
    static func json(_ columns: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: columns, options: [.sortedKeys]), as: UTF8.self)
    }
}
