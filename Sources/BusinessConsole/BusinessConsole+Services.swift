import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Vocabulary
import Web

/// The services a business offers: listed, added (with who offers them) and
/// changed through `AdminTable.services`, the statements `/v1/admin/services`
/// runs. Lengths of time are whole minutes here and in the API. Services are
/// not cached by availability (each read fetches them), so a change shows on
/// the booking page at once; bookings already made keep their times.
extension BusinessConsole {
    /// A service's form fields: name, and each length's column and least value.
    static let serviceMinutes = [
        (field: "duration_minutes", column: "duration", minimum: 1), (field: "buffer_before_minutes", column: "buffer_before", minimum: 0),
        (field: "buffer_after_minutes", column: "buffer_after", minimum: 0), (field: "slot_step_minutes", column: "slot_step", minimum: 1),
    ]
    /// What the add form starts with.
    static let newService = ["name": "", "duration_minutes": "30", "buffer_before_minutes": "0", "buffer_after_minutes": "0",
                             "slot_step_minutes": "15", "description": "", "price": "", "currency": ""]
    /// The form's free-text and price fields, kept as typed beside `name` and the lengths.
    static let serviceDetails = ["description", "price", "currency"]

    func services(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, typed: [String: String]? = nil,
                  ticked: Set<UUID> = [], errors: [String] = []) throws -> Response {
        let business = session.admin.businessID
        let (services, providers, locations) = try pool.withConnection { connection in
            (try Catalog.services(business: business, on: connection), try Catalog.providers(business: business, on: connection),
             try Catalog.locations(business: business, on: connection))
        }
        let rows: [MustacheValue] = services.map { service in
            let offeredBy = providers.filter { $0.serviceIDs.contains(service.id) }.map(\.name).joined(separator: ", ")
            return .dictionary(MustacheObject([
                "id": .string(service.id.uuidString.lowercased()), "name": .string(service.name),
                "duration": .string(String(service.durationMinutes)), "before": .string(String(service.bufferBeforeMinutes)),
                "after": .string(String(service.bufferAfterMinutes)), "step": .string(String(service.slotStepMinutes)),
                "offered_by": .string(offeredBy), "description": .optional(service.description),
                "price": .optional(service.price?.formatted(locale: language(request)))]))
        }
        let locationNames = Dictionary(uniqueKeysWithValues: locations.map { ($0.id, $0.name) })
        let offerers: [MustacheValue] = providers.map { provider in
            .dictionary(MustacheObject([
                "id": .string(provider.id.uuidString.lowercased()), "name": .string(provider.name),
                "location": .string(locationNames[provider.locationID] ?? ""), "checked": .bool(ticked.contains(provider.id))]))
        }
        // A business usually prices in one currency: the add form starts with the one its services use most.
        var start = Self.newService
        start["currency"] = Dictionary(grouping: services.compactMap(\.price?.currency), by: { $0 })
            .max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
        var context = serviceForm(typed ?? start, errors: errors)
        context["services"] = .list(rows)
        context["has_services"] = .bool(!rows.isEmpty)
        context["providers"] = .list(offerers)
        context["has_providers"] = .bool(!offerers.isEmpty)
        context["saved"] = .bool(request.query["done"] == "added" && errors.isEmpty)
        context["removed"] = .bool(request.query["done"] == "removed")
        return page("services", request, session, status: status, title: "services_title", context)
    }

    func addService(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        let (typed, columns, errors) = readService(form, request)
        let ticked = form.pairs.filter { $0.name == "provider" }.map { UUID(uuidString: $0.value) }
        guard !ticked.contains(nil) else { return notFound(request, session) }
        let providers = Set(ticked.compactMap { $0 })
        guard errors.isEmpty else { return try services(request, session, status: 422, typed: typed, ticked: providers, errors: errors) }
        // The form's checks are the schema's, so only another business's ticked provider is refused here.
        return try committing(request, session, redirect: "/console/services?done=added") { connection in
            let item = try AdminTable.services.insert(business: business, values: try Self.json(columns), on: connection)
            guard let id = (Self.object(item)?["id"] as? String).flatMap(UUID.init(uuidString:)) else { preconditionFailure("a service's view has its id") }
            for provider in providers.sorted(by: { $0.uuidString < $1.uuidString }) {
                _ = try AdminTable.offer(business: business, provider: provider, service: id, on: connection)
            }
            try audit(session, "/console/services", ["service": id.uuidString.lowercased()],
                      "added service \(typed["name"] ?? "") offered by \(providers.count) provider(s)", connection)
        }
    }

    func service(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, typed: [String: String]? = nil,
                 errors: [String] = [], refusal: [String: MustacheValue] = [:]) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let business = session.admin.businessID
        let found = try pool.withConnection { connection -> (String, [Catalog.ProviderEntry])? in
            guard let item = try? AdminTable.services.get(business: business, id: id, on: connection) else { return nil }
            return (item, try Catalog.providers(business: business, on: connection).filter { $0.serviceIDs.contains(id) })
        }
        guard let (item, offerers) = found, let row = Self.object(item) else { return notFound(request, session) }
        var values: [String: String] = ["name": row["name"] as? String ?? ""]
        for length in Self.serviceMinutes { values[length.field] = (row[length.field] as? Int).map(String.init) ?? "" }
        values["description"] = row["description"] as? String ?? ""
        let price = (row["price"] as? [String: Any]).flatMap { price in
            (price["amount_minor"] as? Int).map { Price(stored: $0, currency: price["currency"] as? String ?? "") }
        }
        values["price"] = price?.decimal ?? ""
        values["currency"] = price?.currency ?? ""
        var context = serviceForm(typed ?? values, errors: errors)
        context["id"] = .string(id.uuidString.lowercased())
        context["service_name"] = .string(row["name"] as? String ?? "")
        context["offerers"] = .list(offerers.map { provider in
            .dictionary(MustacheObject(["id": .string(provider.id.uuidString.lowercased()), "name": .string(provider.name)]))
        })
        context["has_offerers"] = .bool(!offerers.isEmpty)
        context["saved"] = .bool(request.query["done"] == "saved" && errors.isEmpty)
        return page("service", request, session, status: status, title: "service_title", context.merging(refusal) { _, refused in refused })
    }

    func saveService(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = UUID(uuidString: request.parameter("id")) else { return notFound(request, session) }
        let (typed, columns, errors) = readService(form, request)
        guard errors.isEmpty else { return try service(request, session, status: 422, typed: typed, errors: errors) }
        return try committing(request, session, redirect: "/console/services/\(id.uuidString.lowercased())?done=saved") { connection in
            _ = try AdminTable.services.update(business: session.admin.businessID, id: id, changes: try Self.json(columns), on: connection)
            try audit(session, "/console/services/{id}", ["service": id.uuidString.lowercased()], "changed service \(typed["name"] ?? "")", connection)
        }
    }

    /// The typed values (kept for a refusal), the column values and what to fix.
    func readService(_ form: FormBody, _ request: Request) -> (typed: [String: String], columns: [String: Any], errors: [String]) {
        var typed: [String: String] = [:]
        for field in ["name"] + Self.serviceMinutes.map(\.field) {
            typed[field] = String((form[field] ?? "").trimmingCharacters(in: .whitespaces).prefix(300))
        }
        typed["description"] = String((form["description"] ?? "").prefix(ServiceDescription.maxLength + 100))
        typed["price"] = String((form["price"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
        typed["currency"] = String((form["currency"] ?? "").trimmingCharacters(in: .whitespaces).prefix(10))
        var columns: [String: Any] = [:]
        var errors: [String] = []
        let name = typed["name"] ?? ""
        if (1...200).contains(name.count) { columns["name"] = name } else { errors.append(text("service_error_name", request)) }
        for length in Self.serviceMinutes {
            guard let minutes = Int(typed[length.field] ?? ""), (length.minimum...Self.maxMinutes).contains(minutes) else {
                errors.append(text("policy_error_minutes", request, [
                    "field": .string(text("service_" + length.field, request)), "minimum": .string(String(length.minimum)),
                    "maximum": .string(String(Self.maxMinutes))]))
                continue
            }
            columns[length.column] = "\(minutes) minutes"
        }
        let description = typed["description"] ?? ""
        if description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            columns["description"] = NSNull()
        } else if let text = ServiceDescription.normalized(description) {
            columns["description"] = text
        } else {
            errors.append(text("service_error_description", request, ["maximum": .string(String(ServiceDescription.maxLength))]))
        }
        switch readPrice(amount: typed["price"] ?? "", currency: typed["currency"] ?? "", request) {
        case .success(let price):
            columns["price_minor"] = price.map { $0.amountMinor as Any } ?? NSNull()
            columns["price_currency"] = price.map { $0.currency as Any } ?? NSNull()
        case .failure(let problem):
            errors.append(problem.message)
        }
        return (typed, columns, errors)
    }

    /// What to fix in a price, in the admin's language.
    struct PriceProblem: Error {
        let message: String
    }

    /// The price typed as an amount ("35.00") and a currency code, nil when
    /// both are empty. The amount is read the locale-neutral way (a point for
    /// decimals), with at most the currency's minor digits.
    func readPrice(amount: String, currency: String, _ request: Request) -> Result<Price?, PriceProblem> {
        let code = currency.uppercased()
        switch (amount.isEmpty, code.isEmpty) {
        case (true, true): return .success(nil)
        case (false, true), (true, false): return .failure(PriceProblem(message: text("service_error_price_both", request)))
        case (false, false): break
        }
        guard Price.isCurrency(code) else { return .failure(PriceProblem(message: text("service_error_currency", request))) }
        guard let price = Price(decimal: amount, currency: code) else {
            let digits = Price.minorDigits(of: code)
            let example = Price(stored: 35 * Price.minorUnitsPerUnit(of: code), currency: code).decimal
            return .failure(PriceProblem(message: text(digits == 0 ? "service_error_price_whole" : "service_error_price", request, [
                "currency": .string(code), "digits": .string(String(digits)), "example": .string(example)])))
        }
        return .success(price)
    }

    func serviceForm(_ values: [String: String], errors: [String]) -> [String: MustacheValue] {
        var context: [String: MustacheValue] = ["sub_services": true, "nav_hours": true, "errors": .list(errors.map { .string($0) }), "has_errors": .bool(!errors.isEmpty)]
        for field in ["name"] + Self.serviceMinutes.map(\.field) + Self.serviceDetails { context[field] = .string(values[field] ?? "") }
        return context
    }
}
