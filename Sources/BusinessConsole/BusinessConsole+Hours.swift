import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// Staff hours: a provider's weekly rules (in the location's local time),
/// added and removed through `AdminTable.rules`, the statements
/// `/v1/admin/availability-rules` runs. Availability reads the rules, and
/// the availability cache validates each entry against the provider's
/// version on read, so a change shows on the booking page at once.
/// The same page holds the provider's time off and the services they offer
/// (`BusinessConsole+Staff.swift`).
extension BusinessConsole {
    /// The page of the provider in the query (or `provider`, for an action's
    /// refusal), else the first; `typed` refills the time off form after a
    /// refusal, `refill` (a refused form's `FieldError.context`, the new
    /// provider's ticked services in `ticked`) the others.
    func hours(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, provider shown: UUID? = nil,
               typed: [String: String] = [:], errors: [String] = [], refill: [String: MustacheValue] = [:],
               ticked: Set<UUID> = []) throws -> Response {
        let business = session.admin.businessID
        let providers = try pool.withConnection { try Catalog.providers(business: business, on: $0) }
        let chosen = shown.map { $0.uuidString } ?? request.query["provider"].flatMap { $0.isEmpty ? nil : $0 }
        if let chosen, !providers.contains(where: { $0.id == UUID(uuidString: chosen) }) { return notFound(request, session) }
        var context = try newProviderForm(request, business: business, refill: refill, ticked: ticked)
        context["sub_hours"] = true
        context["flash"] = request.query["done"].flatMap { Self.hoursFlashes[$0] }.map { .string(text($0, request)) } ?? .null
        guard let provider = chosen.flatMap({ id in providers.first { $0.id == UUID(uuidString: id) } }) ?? providers.first else {
            context["no_providers"] = true
            return page("hours", request, session, status: status, title: "hours_title", context.merging(refill) { _, typed in typed })
        }
        let rules = try pool.withConnection { try AdminTable.rules.list(business: business, filters: [provider.id], on: $0) }
        let rows: [MustacheValue] = rules.compactMap(Self.object).map { rule in
            let weekday = rule["weekday"] as? Int ?? 0
            let row: [String: MustacheValue] = [
                "id": .string(rule["id"] as? String ?? ""), "weekday": .string(text("weekday_\(weekday)", request)),
                "start": .string(rule["start_time"] as? String ?? ""), "end": .string(rule["end_time"] as? String ?? ""),
                "provider": .string(provider.id.uuidString.lowercased())]
            return .dictionary(MustacheObject(row))
        }
        let providerOptions: [MustacheValue] = providers.map { entry in
            .dictionary(MustacheObject(["id": .string(entry.id.uuidString.lowercased()), "name": .string(entry.name),
                                        "selected": .bool(entry.id == provider.id)]))
        }
        // The day the person chose stays chosen after a refusal.
        let typedWeekday: String? = if case .string(let day)? = refill["rule_weekday"] { day } else { nil }
        let weekdays: [MustacheValue] = (1...7).map { day in
            .dictionary(MustacheObject(["value": .string(String(day)), "name": .string(text("weekday_\(day)", request)),
                                        "selected": .bool(typedWeekday == String(day))]))
        }
        context.merge([
            "providers": .list(providerOptions), "provider_id": .string(provider.id.uuidString.lowercased()),
            "provider_name": .string(provider.name), "rename_name": .string(provider.name), "rules": .list(rows),
            "has_rules": .bool(!rows.isEmpty), "weekdays": .list(weekdays)]) { _, page in page }
        context.merge(try staffSections(request, business: business, provider: provider, typed: typed, errors: errors)) { _, staff in staff }
        return page("hours", request, session, status: status, title: "hours_title", context.merging(refill) { _, typed in typed })
    }

    /// What a `done` in the query says on the page, after a change.
    static let hoursFlashes: [String: String] = [
        "added": "hours_saved", "removed": "hours_saved", "time-off": "hours_saved", "services": "hours_saved",
        "provider-added": "flash_provider_added", "provider-renamed": "flash_provider_renamed", "provider-removed": "flash_provider_removed"]

    func addRule(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let provider = form["provider"].flatMap(UUID.init(uuidString:)) else { return notFound(request, session) }
        var typed: [String: String] = [:]
        for field in ["weekday", "start", "end"] { typed[field] = String((form[field] ?? "").trimmingCharacters(in: .whitespaces).prefix(20)) }
        let start = typed["start"] ?? "", end = typed["end"] ?? ""
        var errors: [FieldError] = []
        let weekday = typed["weekday"].flatMap { Int($0) }.flatMap { (1...7).contains($0) ? $0 : nil }
        if weekday == nil { errors.append(FieldError(field: "weekday", id: "r-weekday", message: text("rule_error_weekday", request))) }
        for (field, label) in [("start", "col_from"), ("end", "col_until")] where !Self.isLocalTime(typed[field] ?? "") {
            errors.append(FieldError(field: field, id: "r-" + field, message: text("rule_error_time", request, ["field": .string(text(label, request))])))
        }
        if errors.isEmpty, start >= end {
            errors.append(FieldError(field: "end", id: "r-end", message: text("rule_error_order", request)))
        }
        func refused() throws -> Response {
            try hours(request, session, status: 422, provider: provider, refill: FieldError.context("rule", typed: typed, errors: errors))
        }
        guard errors.isEmpty, let weekday else { return try refused() }
        let values = try Self.json(["provider_id": provider.uuidString.lowercased(), "weekday": weekday, "start_time": start, "end_time": end])
        do {
            try pool.withTransaction { connection in
                _ = try AdminTable.rules.insert(business: session.admin.businessID, values: values, on: connection)
                try audit(session, "/console/hours/rules", ["provider": provider.uuidString.lowercased()],
                          "added weekly hours (weekday \(weekday), \(start)–\(end))", connection)
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)  // another business's provider: the composite foreign key refuses it
        } catch let error as BookingError where error.code == .constraintViolated {
            errors.append(FieldError(field: "end", id: "r-end", message: text("rule_error_order", request)))
            return try refused()
        }
        return PageResponse.redirect(to: "/console/hours?provider=\(provider.uuidString.lowercased())&done=added")
    }

    func removeRule(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let removed: String
        do {
            removed = try pool.withTransaction { connection in
                let rule = try AdminTable.rules.delete(business: session.admin.businessID, id: id, on: connection)
                try audit(session, "/console/hours/rules/{id}/remove", ["rule": id.uuidString.lowercased()], "removed weekly hours", connection)
                return rule
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        }
        let provider = Self.object(removed)?["provider_id"] as? String ?? ""
        return PageResponse.redirect(to: "/console/hours?provider=\(provider)&done=removed")
    }

    /// `HH:MM` from 00:00 to 24:00 (a rule may end at midnight).
    static func isLocalTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard text.count == 5, parts.count == 2, let hour = parts[0], let minute = parts[1], (0...59).contains(minute) else { return false }
        return (0...23).contains(hour) || (hour == 24 && minute == 0)
    }
}
