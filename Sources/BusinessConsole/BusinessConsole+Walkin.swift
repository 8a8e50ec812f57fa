import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// A booking made at the desk for a customer on the phone or walking in:
/// choose the service, the provider and the day, then one of the free starts
/// the availability engine gives the public booking page
/// (`BookingStore.availability`), and the customer's name and contact. It is
/// booked by `BookingStore.book(_:on:)`, the call `POST /v1/bookings` makes
/// with an admin key: the engine and the exclusion constraint judge the time,
/// and the confirmation goes out to the contacts given.
extension BusinessConsole {
    /// The choices of a new booking, from the page's query or its form.
    struct WalkinChoice {
        var location: Catalog.LocationEntry
        var service: Catalog.ServiceEntry?
        /// A provider of the location; nil until one is chosen there.
        var provider: Catalog.ProviderEntry?
        /// Every provider of the location.
        var providers: [Catalog.ProviderEntry]
        var calendar: Calendar
        var day: Date
        var badDay: Bool
    }

    /// Reads the choices; nil when a location, service or provider named is
    /// not the business's (not found). A provider of another of the business's
    /// locations is "not chosen yet": the location was changed.
    func walkinChoice(_ field: (String) -> String?, business: UUID) throws -> (WalkinChoice?, services: [Catalog.ServiceEntry], locations: [Catalog.LocationEntry])? {
        let (locations, services, providers) = try pool.withConnection {
            (try Catalog.locations(business: business, on: $0), try Catalog.services(business: business, on: $0),
             try Catalog.providers(business: business, on: $0))
        }
        func named<T>(_ name: String, in list: [T], id: (T) -> UUID) -> T?? {
            guard let text = field(name), !text.isEmpty else { return .some(nil) }
            guard let found = list.first(where: { id($0) == UUID(uuidString: text) }) else { return nil }
            return .some(found)
        }
        guard let location = named("location", in: locations, id: \.id), let service = named("service", in: services, id: \.id),
              let provider = named("provider", in: providers, id: \.id)
        else { return nil }
        guard let place = location ?? locations.first else { return (nil, services, locations) }
        let here = providers.filter { $0.locationID == place.id }
        let chosenService = service ?? services.first
        let chosenProvider = provider.flatMap { $0.locationID == place.id ? $0 : nil }
            ?? (provider == nil ? here.first { entry in chosenService.map { entry.serviceIDs.contains($0.id) } ?? false } : nil)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: place.timeZone) ?? .gmt
        var day = calendar.startOfDay(for: Date())
        var badDay = false
        if let typed = field("day"), !typed.isEmpty {
            if let parsed = Self.parseDay(typed, calendar) { day = parsed } else { badDay = true }
        }
        return (WalkinChoice(location: place, service: chosenService, provider: chosenProvider, providers: here, calendar: calendar,
                             day: day, badDay: badDay), services, locations)
    }

    func newBooking(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        try walkinPage(request, session, field: { request.query[$0] }, status: 200)
    }

    /// The page: the choices, the free starts when a provider who offers the
    /// service is chosen, and the customer's details (as typed, after a refusal).
    func walkinPage(_ request: Request, _ session: Sessions.AdminSession, field: (String) -> String?, status: Int,
                    errors: [MustacheValue] = [], refusal: String? = nil) throws -> Response {
        guard let (found, services, locations) = try walkinChoice(field, business: session.admin.businessID) else {
            return notFound(request, session)
        }
        guard let choice = found, let service = choice.service else {
            return page("new_booking", request, session, title: "new_title", ["nothing_to_book": true, "nav_calendar": true])
        }
        var context: [String: MustacheValue] = [
            "nav_calendar": true, "zone": .string(choice.location.timeZone), "location_id": .string(CalendarChoice.id(choice.location.id)),
            "location_name": .string(choice.location.name), "service_id": .string(CalendarChoice.id(service.id)),
            "service_name": .string(service.name), "day": .string(Self.dayText(choice.day, choice.calendar)), "bad_day": .bool(choice.badDay),
            "locations": .list(locations.map { Self.option($0.id, $0.name, $0.id == choice.location.id) }),
            "services": .list(services.map { Self.option($0.id, $0.name, $0.id == service.id) }),
            "providers": .list(choice.providers.map { Self.option($0.id, $0.name, $0.id == choice.provider?.id) }),
            "errors": .list(errors), "has_errors": .bool(!errors.isEmpty), "refusal": refusal.map { .string($0) } ?? .null,
            "back": .string("/console/calendar?location=\(CalendarChoice.id(choice.location.id))&day=\(Self.dayText(choice.day, choice.calendar))"),
            "name": .string(field("name") ?? ""), "email": .string(field("email") ?? ""), "phone": .string(field("phone") ?? ""),
            "languages": .list(templates.languages.map { code in
                .dictionary(MustacheObject(["code": .string(code), "name": .string(text("language_\(code)", request)),
                                            "selected": .bool(code == (field("locale") ?? language(request)))]))
            }),
        ]
        if let provider = choice.provider {
            context["provider_id"] = .string(CalendarChoice.id(provider.id))
            context["provider_name"] = .string(provider.name)
            if !provider.serviceIDs.contains(service.id) {
                context["not_offered"] = true
            } else if !choice.badDay {
                let day = choice.day..<(choice.calendar.date(byAdding: .day, value: 1, to: choice.day) ?? choice.day.addingTimeInterval(86_400))
                let slots = try bookings.availability(business: session.admin.businessID, location: choice.location.id, service: service.id,
                                                      provider: provider.id, in: day).slots
                let picked = field("start")
                context["starts"] = .list(slots.enumerated().map { index, slot in
                    let iso = slot.start.formatted(.iso8601)
                    return .dictionary(MustacheObject(["iso": .string(iso), "index": .string(String(index)),
                                                       "time": .string(Self.clock(slot.start, choice.calendar)), "checked": .bool(iso == picked)]))
                })
                context["ready"] = .bool(!slots.isEmpty)
                context["no_starts"] = .bool(slots.isEmpty)
            }
        }
        let failed = choice.badDay || context["not_offered"] != nil ? 422 : status
        return page("new_booking", request, session, status: failed, title: "new_title", context)
    }

    static func option(_ id: UUID, _ name: String, _ selected: Bool) -> MustacheValue {
        .dictionary(MustacheObject(["id": .string(CalendarChoice.id(id)), "name": .string(name), "selected": .bool(selected)]))
    }

    func createBooking(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let business = session.admin.businessID
        let field: (String) -> String? = { form[$0] }
        guard let (found, _, _) = try walkinChoice(field, business: business) else { return notFound(request, session) }
        guard let choice = found, let service = choice.service, let provider = choice.provider else {
            return try walkinPage(request, session, field: field, status: 422, refusal: text("new_choose_provider", request))
        }
        var errors: [MustacheValue] = []
        let start = form["start"].flatMap { try? Date($0, strategy: .iso8601) }
        if start == nil { errors.append(Self.fieldError("start-0", text("new_choose_time", request))) }
        let locale = form["locale"].flatMap { templates.languages.contains($0) ? $0 : nil } ?? language(request)
        // Told on every contact given: the customer gave it at the desk for this booking.
        let email = form["email"] ?? "", phone = form["phone"] ?? ""
        let (details, problems) = CustomerDetails.typed(
            name: form["name"] ?? "", email: email, phone: phone, locale: locale,
            consentEmail: !email.trimmingCharacters(in: .whitespaces).isEmpty, consentSMS: !phone.trimmingCharacters(in: .whitespaces).isEmpty)
        errors += problems.map { Self.fieldError("new-\($0.field.rawValue)", text("new_error_\($0.code)", request)) }
        guard let start, let details, errors.isEmpty else { return try walkinPage(request, session, field: field, status: 422, errors: errors) }
        let booking = BookingRequest(business: business, location: choice.location.id, service: service.id, provider: provider.id,
                                     start: start, customer: details)
        let id: UUID
        do {
            id = try pool.withTransaction { connection in
                let booked = try bookings.book(booking, on: connection).booking
                let when = "\(Self.dayText(start, choice.calendar)) \(Self.clock(start, choice.calendar)) (\(choice.location.timeZone))"
                try audit(session, "/console/calendar/new", ["booking": booked.id.uuidString.lowercased()],
                          "booked \(service.name) with \(provider.name) at \(when) for a customer at the desk", connection)
                return booked.id
            }
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request, session)
        } catch let error as BookingError {
            return try walkinPage(request, session, field: field, status: 422, refusal: refusal(error, request, choice.calendar))
        }
        return PageResponse.redirect(to: "/console/bookings/\(id.uuidString.lowercased())?done=created")
    }

    static func fieldError(_ field: String, _ message: String) -> MustacheValue {
        .dictionary(MustacheObject(["field": .string(field), "message": .string(message)]))
    }
}
