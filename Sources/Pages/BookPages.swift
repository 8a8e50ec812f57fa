import Booking
import Crypto
import Foundation
import HTTPServer
import Postgres
import Templates
import Vocabulary
import Web

/// `/book/{slug}`: a business's booking page, one choice per step, each step
/// a GET with the choices so far in the query (so the back button and links
/// work without JavaScript): service → location → provider or anyone → day
/// and time → details → the booking's manage page as confirmation. A full
/// day offers the waitlist for that day.
extension CustomerPages {
    /// The choices a booking page's query carries.
    struct Choices {
        var service: Catalog.ServiceEntry?
        var location: Catalog.LocationEntry?
        /// The provider chosen, when one was; `anyone` when the customer chose "anyone".
        var provider: Catalog.ProviderEntry?
        var anyone = false
        var start: Date?
        var day: String?

        var providerID: UUID? { provider?.id }

        /// The query that leads back to these choices (without `start` and `day` unless asked).
        func query(day: String? = nil, start: Date? = nil) -> String {
            var parts: [String] = []
            if let service { parts.append("service=\(CustomerPages.id(service.id))") }
            if let location { parts.append("location=\(CustomerPages.id(location.id))") }
            if let provider { parts.append("provider=\(CustomerPages.id(provider.id))") } else if anyone { parts.append("provider=any") }
            if let day { parts.append("day=\(day)") }
            if let start { parts.append("start=\(start.formatted(.iso8601).replacingOccurrences(of: "+", with: "%2B"))") }
            return parts.joined(separator: "&")
        }
    }

    /// What the business offers, and the choices the query names that exist;
    /// unknown ids are dropped (the step asks again).
    struct Offering {
        let business: CustomerLinks.Business
        let services: [Catalog.ServiceEntry]
        let locations: [Catalog.LocationEntry]
        let providers: [Catalog.ProviderEntry]
        var choices = Choices()
    }

    func offering(slug: String, fields: @escaping (String) -> String?) throws -> Offering? {
        try pool.withConnection { connection in
            guard let business = try CustomerLinks.business(slug: slug, on: connection) else { return nil }
            var offering = Offering(
                business: business, services: try Catalog.services(business: business.id, on: connection),
                locations: try Catalog.locations(business: business.id, on: connection),
                providers: try Catalog.providers(business: business.id, on: connection))
            let uuid = { (name: String) in fields(name).flatMap(UUID.init(uuidString:)) }
            var choices = Choices()
            choices.service = offering.services.first { $0.id == uuid("service") }
            if let service = choices.service {
                choices.location = offering.locations(for: service).first { $0.id == uuid("location") }
            }
            if let service = choices.service, let location = choices.location {
                choices.provider = offering.providers(for: service, at: location).first { $0.id == uuid("provider") }
                choices.anyone = choices.provider == nil && fields("provider") == "any"
            }
            choices.start = fields("start").flatMap { try? Date($0, strategy: .iso8601) }
            choices.day = fields("day")
            offering.choices = choices
            return offering
        }
    }

    func showBookingPage(_ request: Request) throws -> Response {
        let slug = request.parameter("slug")
        guard let offering = try offering(slug: slug, fields: { request.query[$0] }) else { return notFound(request) }
        return try bookingStep(request, offering, status: 200, extra: [:])
    }

    /// The step the choices lead to, with `extra` (errors, the input kept) merged in.
    func bookingStep(_ request: Request, _ offering: Offering, status: Int, extra: [String: MustacheValue],
                     form: FormBody? = nil) throws -> Response {
        let business = offering.business
        let language = language(request, customer: form?["locale"], business: business.defaultLocale)
        let choices = offering.choices
        let base = "/book/\(business.slug)"
        var context: [String: MustacheValue] = ["business": Self.businessContext(business), "base": .string(base)]
        var headers: [(String, String)] = []
        if let service = choices.service {
            context["service"] = .dictionary(["name": .string(service.name), "minutes": .number(Double(service.durationMinutes)),
                                              "price": .optional(service.price?.formatted(locale: language)), "change": .string(base)])
        }
        if let location = choices.location {
            context["location"] = .dictionary(["name": .string(location.name), "address": .optional(location.address.isEmpty ? nil : location.address),
                                               "change": .string("\(base)?\(Choices(service: choices.service).query())")])
        }
        if choices.provider != nil || choices.anyone {
            context["provider"] = .dictionary([
                "name": choices.provider.map { .string($0.name) } ?? .string(templates.text("anyone", language: language)),
                "change": .string("\(base)?\(Choices(service: choices.service, location: choices.location).query())"),
            ])
        }
        guard let service = choices.service else {
            context["step_service"] = true
            context["services"] = .list(offering.services.map { service in
                .dictionary(["id": .string(Self.id(service.id)), "name": .string(service.name), "minutes": .number(Double(service.durationMinutes)),
                             "price": .optional(service.price?.formatted(locale: language)), "description": .optional(service.description),
                             "href": .string("\(base)?\(Choices(service: service).query())")])
            })
            return page("book", request, language: language, status: status, private: false, title: "book_title", context)
        }
        guard let location = choices.location else {
            context["step_location"] = true
            context["locations"] = .list(offering.locations(for: service).map { location in
                .dictionary(["name": .string(location.name), "address": .optional(location.address.isEmpty ? nil : location.address),
                             "href": .string("\(base)?\(Choices(service: service, location: location).query())")])
            })
            return page("book", request, language: language, status: status, private: false, title: "book_title", context)
        }
        guard choices.provider != nil || choices.anyone else {
            context["step_provider"] = true
            context["providers"] = .list(offering.providers(for: service, at: location).map { provider in
                .dictionary(["name": .string(provider.name),
                             "href": .string("\(base)?\(Choices(service: service, location: location, provider: provider).query())")])
            })
            context["anyone_href"] = .string("\(base)?\(Choices(service: service, location: location, anyone: true).query())")
            return page("book", request, language: language, status: status, private: false, title: "book_title", context)
        }
        let times = LocalTimes(zone: TimeZone(identifier: location.timeZone) ?? .gmt, language: language)
        if let start = choices.start {
            // Details: the form, its token, and the browser's cookie.
            let token = PublicFormToken.make(browser: PublicFormToken.cookie(PublicFormToken.cookieName, in: request), now: now())
            headers.append(("Set-Cookie", token.cookie(secure: secureCookies || request.isHTTPS)))
            context["details"] = .dictionary([
                "when": times.moment(start, end: start.addingTimeInterval(Double(service.durationMinutes) * 60)),
                "start": .string(start.formatted(.iso8601)),
                "change": .string("\(base)?\(choices.query(day: times.dayKey(start)))"),
            ])
            context["form_token"] = .string(token.text(slug: business.slug, guard: forms))
            // After a refusal the nearest free starts are the form's buttons, so no start is fixed.
            let refused = (extra["alternatives"].map { if case .list(let list) = $0 { !list.isEmpty } else { false } }) ?? false
            context["hidden"] = hiddenChoices(choices, start: refused ? nil : start)
            context["input"] = inputContext(form, language: language)
        } else {
            let week = WeekPicker.week(requestedDay: choices.day, times: times, now: now())
            let slots = try store.availability(business: business.id, location: location.id, service: service.id,
                                               provider: choices.providerID, in: week.start..<week.end).slots
            let picker = WeekPicker(times: times, weekStart: week.start, chosenDay: week.day, slots: slots)
            var view = picker.context(now: now()) { "\(base)?\(choices.query(day: $0))" }
            if case .list(let chosen)? = view["slots"] {
                view["slots"] = .list(chosen.map { slot in
                    guard case .dictionary(var fields) = slot, case .string(let iso)? = fields["iso"],
                          let start = try? Date(iso, strategy: .iso8601) else { return slot }
                    var values = Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1) })
                    values["href"] = .string("\(base)?\(choices.query(start: start))")
                    fields = MustacheObject(values)
                    return .dictionary(fields)
                })
            }
            // A chosen day with nothing free, today or later: the waitlist for that day.
            if let day = view["chosen_key"], case .string(let key) = day, let dayStart = times.startOfDay(key),
               picker.slots.allSatisfy({ times.dayKey($0.start) != key }), times.adding(days: 1, to: dayStart) > now() {
                view["full"] = .bool(true)
                view["waitlist_href"] = .string("\(base)?\(choices.query(day: key))&waitlist=1")
            }
            context["picker"] = .dictionary(MustacheObject(view))
            context["step_time"] = true
            if request.query["waitlist"] == "1" || form?["day"] != nil, let key = choices.day, let dayStart = times.startOfDay(key) {
                let token = PublicFormToken.make(browser: PublicFormToken.cookie(PublicFormToken.cookieName, in: request), now: now())
                headers.append(("Set-Cookie", token.cookie(secure: secureCookies || request.isHTTPS)))
                context["waitlist"] = .dictionary(["day": .string(times.day(dayStart)), "action": .string("\(base)/waitlist")])
                context["form_token"] = .string(token.text(slug: business.slug, guard: forms))
                context["hidden"] = hiddenChoices(choices, day: key)
                context["input"] = inputContext(form, language: language)
            }
        }
        context.merge(extra) { $1 }
        var response = page("book", request, language: language, status: status, private: false, title: "book_title", context)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    /// The choices as hidden fields of the details form.
    func hiddenChoices(_ choices: Choices, start: Date? = nil, day: String? = nil) -> MustacheValue {
        var fields: [MustacheValue] = []
        func add(_ name: String, _ value: String) { fields.append(.dictionary(["name": .string(name), "value": .string(value)])) }
        if let service = choices.service { add("service", Self.id(service.id)) }
        if let location = choices.location { add("location", Self.id(location.id)) }
        add("provider", choices.provider.map { Self.id($0.id) } ?? "any")
        if let start { add("start", start.formatted(.iso8601)) }
        if let day { add("day", day) }
        return .list(fields)
    }

    /// The customer's input, kept when the form comes back with errors.
    func inputContext(_ form: FormBody?, language: String) -> MustacheValue {
        let chosen = form?["locale"] ?? language
        return .dictionary([
            "name": .string(form?["name"] ?? ""), "email": .string(form?["email"] ?? ""), "phone": .string(form?["phone"] ?? ""),
            "consent_email": .bool(form?["consent_email"] != nil), "consent_sms": .bool(form?["consent_sms"] != nil),
            "languages": .list(templates.languages.map { code in
                .dictionary(["code": .string(code), "name": .string(templates.text("language_\(code)", language: language)),
                             "selected": .bool(code == chosen)])
            }),
        ])
    }

    /// The public form's token when the POST may act: same origin, signed for
    /// this slug, and bound to this browser's cookie.
    func genuineForm(_ request: Request, _ form: FormBody?, slug: String) -> PublicFormToken? {
        guard forms.isSameOrigin(request) else { return nil }
        return PublicFormToken.verify(form?["form_token"], slug: slug, cookie: PublicFormToken.cookie(PublicFormToken.cookieName, in: request),
                                      guard: forms, now: now())
    }

    /// The checks of a public form before its fields are read: the honeypot,
    /// the time taken to fill it, and the client address's hourly budget.
    /// Returns the business's limits for the checks that follow.
    func admitSubmission(_ request: Request, _ form: FormBody?, token: PublicFormToken, business: UUID) throws -> PublicGate.BusinessLimits {
        if !(form?["website"] ?? "").isEmpty { throw PublicRefusal(.honeypot, retryAfter: 3600) }
        let elapsed = now().timeIntervalSince1970 - Double(token.issued)
        let minimum = Double(doors.limits.minimumFillSeconds)
        if elapsed < minimum { throw PublicRefusal(.formTooFast, retryAfter: Int((minimum - elapsed).rounded(.up))) }
        let limits = try pool.withConnection { try gate.businessLimits(business, on: $0) }
        try doors.throttle.admit(address: request.clientAddress, business: business, perHour: limits.submissionsPerHour, now: now())
        return limits
    }

    func book(_ request: Request) throws -> Response {
        let slug = request.parameter("slug")
        let form = FormBody(request.body)
        guard let offering = try offering(slug: slug, fields: { form?[$0] }) else { return notFound(request) }
        let language = language(request, customer: form?["locale"], business: offering.business.defaultLocale)
        guard let token = genuineForm(request, form, slug: slug) else { return forbidden(request, language: language) }
        do {
            return try book(request, offering, form: form, token: token, language: language)
        } catch let refusal as PublicRefusal {
            return refused(request, refusal, language: language, business: offering.business)
        }
    }

    func book(_ request: Request, _ offering: Offering, form: FormBody?, token: PublicFormToken, language: String) throws -> Response {
        var offering = offering
        let slug = offering.business.slug
        let limits = try admitSubmission(request, form, token: token, business: offering.business.id)
        let choices = offering.choices
        guard let service = choices.service, let location = choices.location, choices.provider != nil || choices.anyone,
              let start = choices.start, let form
        else { return try bookingStep(request, offering, status: 422, extra: [:]) }
        let (details, errors) = CustomerForm.read(form, languages: templates.languages, language: language, texts: templates)
        guard let details, errors.isEmpty else {
            return try bookingStep(request, offering, status: 422, extra: ["errors": .list(errors)], form: form)
        }
        try PublicGate.checkSMS(details, allowed: limits.smsCallingCodes)
        let flooded = try pool.withTransaction { try gate.isFlooded(offering.business.id, limits: limits, on: $0) }
        let booking = BookingRequest(business: offering.business.id, location: location.id, service: service.id,
                                     provider: choices.providerID, start: start, customer: details)
        do {
            let answer = try IdempotencyStore.answer(
                business: offering.business.id, key: "page-book:\(token.form)", requestHash: Data(SHA256.hash(Array("page-book:\(slug)".utf8))),
                pool: pool
            ) { connection in
                let admission = try gate.admit(details, business: offering.business.id, limits: limits, flooded: flooded, on: connection)
                let hold: Date? = if case .hold(let until) = admission { until } else { nil }
                let booked = try store.book(booking, holdUntil: hold, on: connection)
                try gate.record(booked, customer: details, held: hold != nil, on: connection)
                return (201, Array("\(Self.id(booked.booking.id)) \(hold == nil ? "booked" : "held")".utf8))
            }
            let parts = String(decoding: answer.body, as: UTF8.self).split(separator: " ").map(String.init)
            guard let id = parts.first.flatMap(UUID.init(uuidString:)) else { return notFound(request) }
            return PageResponse.redirect(to: "/manage/\(tokens.token(for: id))?done=\(parts.last == "held" ? "held" : "booked")")
        } catch let error as BookingError where error.code == .slotUnavailable || error.code == .notBookable {
            let times = LocalTimes(zone: TimeZone(identifier: location.timeZone) ?? .gmt, language: language)
            offering.choices.start = start
            return try bookingStep(request, offering, status: 409, extra: [
                "refusal": .string(templates.text("refused_\(error.code.rawValue)", language: language)),
                "alternatives": alternatives(error, times: times),
            ], form: form)
        }
    }

    func joinWaitlist(_ request: Request) throws -> Response {
        let slug = request.parameter("slug")
        let form = FormBody(request.body)
        guard let offering = try offering(slug: slug, fields: { form?[$0] }) else { return notFound(request) }
        let language = language(request, customer: form?["locale"], business: offering.business.defaultLocale)
        guard let token = genuineForm(request, form, slug: slug) else { return forbidden(request, language: language) }
        let limits: PublicGate.BusinessLimits
        do {
            limits = try admitSubmission(request, form, token: token, business: offering.business.id)
        } catch let refusal as PublicRefusal {
            return refused(request, refusal, language: language, business: offering.business)
        }
        let choices = offering.choices
        guard let service = choices.service, let location = choices.location, choices.provider != nil || choices.anyone,
              let form, let day = choices.day
        else { return try bookingStep(request, offering, status: 422, extra: [:]) }
        let times = LocalTimes(zone: TimeZone(identifier: location.timeZone) ?? .gmt, language: language)
        guard let dayStart = times.startOfDay(day), times.adding(days: 1, to: dayStart) > now() else {
            return try bookingStep(request, offering, status: 422, extra: [:])
        }
        let (details, errors) = CustomerForm.read(form, languages: templates.languages, language: language, texts: templates)
        guard let details, errors.isEmpty else {
            return try bookingStep(request, offering, status: 422, extra: ["errors": .list(errors)], form: form)
        }
        do {
            try PublicGate.checkSMS(details, allowed: limits.smsCallingCodes)
        } catch {
            return refused(request, error, language: language, business: offering.business)
        }
        let wanted = max(dayStart, now())..<times.adding(days: 1, to: dayStart)
        let joined = try pool.withTransaction { connection in
            try waitlist.join(WaitlistRequest(business: offering.business.id, location: location.id, service: service.id,
                                              provider: choices.providerID, wanted: [wanted], customer: details), on: connection)
        }
        return PageResponse.redirect(to: "/waitlist/\(joined.token)?done=joined")
    }

    /// `/book?service=…&location=…&provider=…&start=…`, the shape of older
    /// waitlist notices: to the business's booking page with the same choices.
    func redirectOldBookingLink(_ request: Request) throws -> Response {
        guard let service = request.query["service"].flatMap(UUID.init(uuidString:)),
              let slug = try pool.withConnection({ try CustomerLinks.slug(service: service, on: $0) })
        else { return notFound(request) }
        let query = request.query.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        return PageResponse.redirect(to: "/book/\(slug)?\(query.joined(separator: "&"))", private: false)
    }
}

extension CustomerPages.Offering {
    /// Locations where someone offers `service`.
    func locations(for service: Catalog.ServiceEntry) -> [Catalog.LocationEntry] {
        locations.filter { location in providers.contains { $0.locationID == location.id && $0.serviceIDs.contains(service.id) } }
    }

    func providers(for service: Catalog.ServiceEntry, at location: Catalog.LocationEntry) -> [Catalog.ProviderEntry] {
        providers.filter { $0.locationID == location.id && $0.serviceIDs.contains(service.id) }
    }
}

extension FormBody {
    subscript(name: String, default fallback: String) -> String { self[name] ?? fallback }
}
