import Booking
import Delivery
import Foundation
import HTTPServer
import Postgres
import Templates
import Vocabulary
import Web

/// `/manage/{token}`: a booking as its customer sees it, its calendar file,
/// and cancelling or moving it up to the notice stored on the booking.
extension CustomerPages {
    /// A booking a manage link names, with what its pages show beside it.
    struct Managed {
        let record: BookingRecord
        let context: CustomerLinks.BookingContext
    }

    /// nil for an unknown or malformed token: the caller answers the 404 page.
    func managed(_ token: String) throws -> Managed? {
        try pool.withConnection { connection in
            guard let business = try CustomerLinks.business(manageToken: token, on: connection) else { return nil }
            let record = try store.booking(manageToken: token, business: business, on: connection)
            return Managed(record: record, context: try CustomerLinks.context(of: record, on: connection))
        }
    }

    func language(_ request: Request, _ managed: Managed) -> String {
        language(request, customer: managed.context.customerLocale, business: managed.context.business.defaultLocale)
    }

    /// What every manage page shows: the booking, the business, the links.
    func bookingContext(_ managed: Managed, token: String, language: String) -> [String: MustacheValue] {
        let record = managed.record
        let times = LocalTimes(zone: TimeZone(identifier: record.timeZone) ?? .gmt, language: language)
        let base = "/manage/\(token)"
        return [
            "token": .string(token),
            "business": Self.businessContext(managed.context.business),
            "booking": .dictionary([
                "service": .string(record.serviceName), "provider": .string(record.providerName),
                "location": .string(record.locationName), "address": .optional(managed.context.address.isEmpty ? nil : managed.context.address),
                "when": times.moment(record.startsAt, end: record.endsAt),
                "status": .string(templates.text("status_\(record.status.rawValue)", language: language)),
                "status_code": .string(record.status.rawValue),
                "confirmed": .bool(record.status == .confirmed), "held": .bool(record.status == .held),
            ]),
            "changeable": .bool(record.isChangeable),
            "notice_passed": .bool(record.status == .confirmed && !record.isChangeable),
            "deadline": times.moment(record.changeDeadline),
            "links": .dictionary([
                "manage": .string(base), "cancel": .string("\(base)/cancel"), "reschedule": .string("\(base)/reschedule"),
                "calendar": .string("\(base)/calendar.ics"), "offer": .string("/offers/\(token)"), "confirm": .string("\(base)/confirm"),
                "book": .string("/book/\(managed.context.business.slug)"),
            ]),
            "csrf": .string(forms.token(for: token)),
        ]
    }

    /// What a `?done=` after a redirect says happened.
    static let flashes: Set<String> = ["held", "confirmed", "booked", "cancelled", "rescheduled", "unchanged", "accepted", "joined", "left"]

    func flash(_ request: Request, language: String) -> MustacheValue {
        guard let done = request.query["done"], Self.flashes.contains(done) else { return .null }
        return .string(templates.text("flash_\(done)", language: language))
    }

    func showBooking(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        var context = bookingContext(managed, token: token, language: language)
        context["flash"] = flash(request, language: language)
        if managed.record.status == .held {
            let pending = try pool.withConnection { try holds.isPending(token: token, business: managed.record.businessID, on: $0) }
            context["pending_confirmation"] = .bool(pending)
        }
        return page("manage", request, language: language, title: "manage_title", context)
    }

    /// The emailed link's form: a flood-mode hold becomes the customer's booking.
    func confirmHold(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        guard isGenuine(request, FormBody(request.body), subject: token) else { return forbidden(request, language: language) }
        if let refusal = try overBudget(request, business: managed.context.business, language: language,
                                        back: ("/manage/\(token)", "action_back_to_booking")) { return refusal }
        do {
            try pool.withTransaction { try holds.confirm(token: token, business: managed.record.businessID, on: $0) }
        } catch let error as BookingError where error.code == .offerExpired || error.code == .notActive || error.code == .notFound {
            guard let current = try self.managed(token) else { return notFound(request) }
            var context = bookingContext(current, token: token, language: language)
            context["refusal"] = .string(templates.text(error.code == .offerExpired ? "refused_hold_expired" : "refused_booking_not_active",
                                                        language: language))
            return page("manage", request, language: language, status: 409, title: "manage_title", context)
        }
        return PageResponse.redirect(to: "/manage/\(token)?done=confirmed")
    }

    /// The booking as a calendar file to import (`METHOD:PUBLISH`); a cancelled
    /// one as a cancellation of the same UID, so calendars drop it.
    func calendarFile(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let record = managed.record
        let invite = CalendarInvite(
            method: record.status == .cancelled ? .cancel : .publish, bookingID: record.id.uuidString.lowercased(),
            domain: calendarDomain, sequence: record.version, start: record.startsAt, end: record.endsAt, stamp: now(),
            summary: "\(record.serviceName) – \(record.providerName)",
            location: [record.locationName, managed.context.address].filter { !$0.isEmpty }.joined(separator: ", "),
            details: managed.context.business.name, organizer: nil, attendee: nil)
        var response = Response(status: 200, body: Array(invite.rendered().utf8))
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = "attachment; filename=\"\(record.status == .cancelled ? "cancelled" : "booking").ics\""
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    }

    func showCancel(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        return page("cancel", request, language: language, title: "cancel_title", bookingContext(managed, token: token, language: language))
    }

    func cancel(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        let form = FormBody(request.body)
        guard isGenuine(request, form, subject: token) else { return forbidden(request, language: language) }
        if let refusal = try overBudget(request, business: managed.context.business, language: language,
                                        back: ("/manage/\(token)", "action_back_to_booking")) { return refusal }
        let reason = form?.nonEmpty("reason").map { String($0.prefix(500)) }
        do {
            _ = try store.cancel(manageToken: token, business: managed.record.businessID, reason: reason)
        } catch let error as BookingError where error.code == .noticePassed || error.code == .notActive {
            // Changed since the page was shown: show it as it is now, saying why.
            guard let current = try self.managed(token) else { return notFound(request) }
            var context = bookingContext(current, token: token, language: language)
            context["refusal"] = .string(templates.text("refused_\(error.code.rawValue)", language: language))
            return page("cancel", request, language: language, status: 409, title: "cancel_title", context)
        }
        return PageResponse.redirect(to: "/manage/\(token)?done=cancelled")
    }

    func showReschedule(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        return try reschedulePage(request, managed, token: token, status: 200, extra: [:])
    }

    /// The picker: the booking's provider's free starts for the same service, a week at a time.
    func reschedulePage(_ request: Request, _ managed: Managed, token: String, status: Int,
                        extra: [String: MustacheValue]) throws -> Response {
        let language = language(request, managed)
        var context = bookingContext(managed, token: token, language: language)
        if managed.record.isChangeable {
            let record = managed.record
            let times = LocalTimes(zone: TimeZone(identifier: record.timeZone) ?? .gmt, language: language)
            let week = WeekPicker.week(requestedDay: request.query["day"], times: times, now: now())
            let slots = try store.availability(business: record.businessID, location: record.locationID, service: record.serviceID,
                                               provider: record.providerID, in: week.start..<week.end).slots
            let picker = WeekPicker(times: times, weekStart: week.start, chosenDay: week.day, slots: slots)
            context["picker"] = .dictionary(MustacheObject(picker.context(now: now()) { "/manage/\(token)/reschedule?day=\($0)" }))
        }
        context.merge(extra) { $1 }
        return page("reschedule", request, language: language, status: status, title: "reschedule_title", context)
    }

    func reschedule(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        let form = FormBody(request.body)
        guard isGenuine(request, form, subject: token) else { return forbidden(request, language: language) }
        if let refusal = try overBudget(request, business: managed.context.business, language: language,
                                        back: ("/manage/\(token)", "action_back_to_booking")) { return refusal }
        guard let start = form?["start"].flatMap({ try? Date($0, strategy: .iso8601) }) else {
            return try reschedulePage(request, managed, token: token, status: 422, extra: [
                "errors": .list([.dictionary(["field": "start-list", "message": .string(templates.text("error_choose_time", language: language))])]),
            ])
        }
        if start == managed.record.startsAt {
            return PageResponse.redirect(to: "/manage/\(token)?done=unchanged")
        }
        do {
            _ = try store.reschedule(manageToken: token, business: managed.record.businessID, to: start)
        } catch let error as BookingError {
            guard let current = try self.managed(token) else { return notFound(request) }
            switch error.code {
            case .noticePassed, .notActive, .slotUnavailable, .notBookable:
                let times = LocalTimes(zone: TimeZone(identifier: current.record.timeZone) ?? .gmt, language: language)
                return try reschedulePage(request, current, token: token, status: 409, extra: [
                    "refusal": .string(templates.text("refused_\(error.code.rawValue)", language: language)),
                    "alternatives": alternatives(error, times: times),
                ])
            default: throw error
            }
        }
        return PageResponse.redirect(to: "/manage/\(token)?done=rescheduled")
    }

    /// The nearest free starts a refusal offers, as choices of the same form.
    func alternatives(_ error: BookingError, times: LocalTimes) -> MustacheValue {
        .list(error.alternatives.map { slot in
            .dictionary(["iso": .string(slot.start.formatted(.iso8601)), "day": .string(times.day(slot.start)),
                         "time": .string(times.time(slot.start)), "id": .string("alternative-\(Int(slot.start.timeIntervalSince1970))")])
        })
    }
}
