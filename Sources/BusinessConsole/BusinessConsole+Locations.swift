import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// A business's locations — name, IANA time zone, address — listed, added and
/// changed through `AdminTable.locations`, the statements
/// `/v1/admin/locations` runs, with the zone checked by `TimeZoneNames` as the
/// API checks it; and each location's closures (whole local days), added and
/// removed through `AdminTable.timeOff` with the location as owner, as
/// `/v1/admin/time-off` does. A closure bumps the location's availability
/// version by trigger, so the booking page follows at once.
extension BusinessConsole {
    static let maxAddress = 500
    /// Every zone the host's zone database names, for the field's suggestions.
    static let zoneNames = TimeZone.knownTimeZoneIdentifiers.filter(TimeZoneNames.isKnown).sorted()

    func locations(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, typed: [String: String]? = nil,
                   errors: [String] = []) throws -> Response {
        let locations = try pool.withConnection { try AdminTable.locations.list(business: session.admin.businessID, filters: [], on: $0) }
        let rows: [MustacheValue] = locations.compactMap(Self.object).map { row in
            .dictionary(MustacheObject([
                "id": .string(row["id"] as? String ?? ""), "name": .string(row["name"] as? String ?? ""),
                "zone": .string(row["time_zone"] as? String ?? ""), "address": .string(row["address"] as? String ?? "")]))
        }
        var context = locationForm(typed ?? [:], errors: errors)
        context["locations"] = .list(rows)
        context["has_locations"] = .bool(!rows.isEmpty)
        context["removed"] = .bool(request.query["done"] == "removed")
        return page("locations", request, session, status: status, title: "locations_title", context)
    }

    func addLocation(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let (typed, columns, errors) = readLocation(form, request)
        guard errors.isEmpty else { return try locations(request, session, status: 422, typed: typed, errors: errors) }
        let id = try pool.withTransaction { connection -> String in
            let item = try AdminTable.locations.insert(business: session.admin.businessID, values: try Self.json(columns), on: connection)
            let id = Self.object(item)?["id"] as? String ?? ""
            try audit(session, "/console/locations", ["location": id],
                      "added location \(typed["name"] ?? "") (\(typed["time_zone"] ?? ""))", connection)
            return id
        }
        return PageResponse.redirect(to: "/console/locations/\(id)?done=added")
    }

    func location(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, typed: [String: String]? = nil,
                  errors: [String] = [], closure: [String: String] = [:], closureErrors: [String] = [],
                  refusal: [String: MustacheValue] = [:]) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let business = session.admin.businessID
        let found = try pool.withConnection { connection -> (String, [String])? in
            guard let item = try? AdminTable.locations.get(business: business, id: id, on: connection) else { return nil }
            return (item, try AdminTable.upcomingTimeOff(business: business, provider: nil, location: id, on: connection))
        }
        guard let (item, closures) = found, let row = Self.object(item) else { return notFound(request, session) }
        let saved = ["name": row["name"] as? String ?? "", "time_zone": row["time_zone"] as? String ?? "", "address": row["address"] as? String ?? ""]
        let zone = TimeZone(identifier: saved["time_zone"] ?? "") ?? .gmt
        let rows = closures.compactMap { timeOffRow($0, zone: zone, request) }
        var context = locationForm(typed ?? saved, errors: errors)
        context["id"] = .string(id.uuidString.lowercased())
        context["location_name"] = .string(saved["name"] ?? "")
        context["zone"] = .string(zone.identifier)
        context["closures"] = .list(rows)
        context["has_closures"] = .bool(!rows.isEmpty)
        context["kinds"] = kindOptions(closure["kind"] ?? "holiday", request)
        for field in ["from", "until", "note"] { context["closure_" + field] = .string(closure[field] ?? "") }
        context["closure_errors"] = .list(closureErrors.map { .string($0) })
        context["has_closure_errors"] = .bool(!closureErrors.isEmpty)
        context["flash"] = request.query["done"].flatMap { ["added", "saved", "closed", "reopened"].contains($0) ? "location_" + $0 : nil }
            .map { .string(text($0, request)) } ?? .null
        return page("location", request, session, status: status, title: "location_title", context.merging(refusal) { _, refused in refused })
    }

    func saveLocation(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let (typed, columns, errors) = readLocation(form, request)
        guard errors.isEmpty else { return try location(request, session, status: 422, typed: typed, errors: errors) }
        return try committing(request, session, redirect: "/console/locations/\(id.uuidString.lowercased())?done=saved") { connection in
            _ = try AdminTable.locations.update(business: session.admin.businessID, id: id, changes: try Self.json(columns), on: connection)
            try audit(session, "/console/locations/{id}", ["location": id.uuidString.lowercased()],
                      "changed location \(typed["name"] ?? "") (\(typed["time_zone"] ?? ""))", connection)
        }
    }

    /// Closes the location on whole local days, first to last inclusive.
    func addClosure(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        var typed: [String: String] = [:]
        for field in ["kind", "from", "until", "note"] { typed[field] = String((form[field] ?? "").trimmingCharacters(in: .whitespaces).prefix(600)) }
        var errors: [String] = []
        let kind = typed["kind"] ?? ""
        if !Self.timeOffKinds.contains(kind) { errors.append(text("time_off_error_kind", request)) }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let days = ["from", "until"].map { field -> Date? in
            guard let day = Self.parseDay(typed[field] ?? "", utc) else {
                errors.append(text("closure_error_day", request, ["field": .string(text("closure_" + field, request))]))
                return nil
            }
            return day
        }
        if let from = days[0], let until = days[1], from > until { errors.append(text("closure_error_order", request)) }
        let note = typed["note"] ?? ""
        if note.count > Self.maxNote { errors.append(text("error_note", request, ["maximum": .string(String(Self.maxNote))])) }
        guard errors.isEmpty else { return try location(request, session, status: 422, closure: typed, closureErrors: errors) }
        let (from, until) = (typed["from"] ?? "", typed["until"] ?? "")
        let values = try Self.json(["location_id": id.uuidString.lowercased(), "kind": kind, "note": note, "dates": "[\(from),\(until)]"])
        return try committing(request, session, redirect: "/console/locations/\(id.uuidString.lowercased())?done=closed") { connection in
            _ = try AdminTable.timeOff.insert(business: session.admin.businessID, values: values, on: connection)
            try audit(session, "/console/locations/{id}/closures", ["location": id.uuidString.lowercased()],
                      "closed the location \(from == until ? from : "\(from) – \(until)") (\(kind))", connection)
        }
    }

    func removeClosure(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let removed = try removeTimeOff(request, session, owner: "location_id", route: "/console/closures/{id}/remove",
                                              summary: "removed a closure") else { return notFound(request, session) }
        return PageResponse.redirect(to: "/console/locations/\(removed["location_id"] as? String ?? "")?done=reopened")
    }

    /// The typed values (kept for a refusal), the column values and what to fix.
    func readLocation(_ form: FormBody, _ request: Request) -> (typed: [String: String], columns: [String: Any], errors: [String]) {
        var typed: [String: String] = [:]
        for field in ["name", "time_zone", "address"] {
            typed[field] = String((form[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(600))
        }
        var errors: [String] = []
        let (name, zone, address) = (typed["name"] ?? "", typed["time_zone"] ?? "", typed["address"] ?? "")
        if !(1...200).contains(name.count) { errors.append(text("location_error_name", request)) }
        if !TimeZoneNames.isKnown(zone) { errors.append(text("location_error_zone", request)) }
        if address.count > Self.maxAddress { errors.append(text("location_error_address", request, ["maximum": .string(String(Self.maxAddress))])) }
        return (typed, ["name": name, "time_zone": zone, "address": address], errors)
    }

    func locationForm(_ values: [String: String], errors: [String]) -> [String: MustacheValue] {
        var context: [String: MustacheValue] = [
            "sub_locations": true, "nav_hours": true, "zones": .list(Self.zoneNames.map { .string($0) }),
            "errors": .list(errors.map { .string($0) }), "has_errors": .bool(!errors.isEmpty)]
        for field in ["name", "time_zone", "address"] { context[field] = .string(values[field] ?? "") }
        return context
    }
}
