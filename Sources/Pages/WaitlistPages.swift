import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// `/waitlist/{token}`: a waitlist entry, how many wait ahead, and leaving.
extension CustomerPages {
    struct Waiting {
        let entry: WaitlistEntry
        let context: CustomerLinks.EntryContext
    }

    func waiting(_ token: String) throws -> Waiting? {
        try pool.withConnection { connection in
            guard let business = try CustomerLinks.business(waitlistToken: token, on: connection) else { return nil }
            let entry = try waitlist.entry(token: token, business: business, on: connection)
            return Waiting(entry: entry, context: try CustomerLinks.context(of: entry, on: connection))
        }
    }

    func entryContext(_ waiting: Waiting, token: String, language: String) -> [String: MustacheValue] {
        let entry = waiting.entry, facts = waiting.context
        let times = LocalTimes(zone: TimeZone(identifier: facts.timeZone) ?? .gmt, language: language)
        return [
            "token": .string(token),
            "business": Self.businessContext(facts.business),
            "entry": .dictionary([
                "service": .string(facts.serviceName), "location": .string(facts.locationName), "address": .optional(facts.address.isEmpty ? nil : facts.address),
                "provider": .optional(facts.providerName),
                "status": .string(templates.text("waitlist_status_\(entry.status)", language: language)),
                "waiting": .bool(entry.status == "waiting"), "offered": .bool(entry.status == "offered"),
                "ahead": entry.ahead.map { .number(Double($0)) } ?? .null,
                "windows": .list(facts.wanted.map { window in
                    .dictionary(["from": times.moment(window.lowerBound), "until": times.moment(window.upperBound)])
                }),
            ]),
            "offer_link": entry.offeredBookingID.map { .string("/offers/\(tokens.token(for: $0))") } ?? .null,
            "book_link": .string("/book/\(facts.business.slug)?service=\(Self.id(entry.serviceID))&location=\(Self.id(entry.locationID))"),
            "csrf": .string(forms.token(for: token)),
        ]
    }

    func showEntry(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let waiting = try waiting(token) else { return notFound(request) }
        let language = language(request, customer: waiting.context.customerLocale, business: waiting.context.business.defaultLocale)
        var context = entryContext(waiting, token: token, language: language)
        context["flash"] = flash(request, language: language)
        return page("waitlist", request, language: language, title: "waitlist_title", context)
    }

    func leaveWaitlist(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let waiting = try waiting(token) else { return notFound(request) }
        let language = language(request, customer: waiting.context.customerLocale, business: waiting.context.business.defaultLocale)
        guard isGenuine(request, FormBody(request.body), subject: token) else { return forbidden(request, language: language) }
        if let refusal = try overBudget(request, business: waiting.context.business, language: language,
                                        back: ("/waitlist/\(token)", "action_back_to_waitlist")) { return refusal }
        do {
            _ = try pool.withTransaction { try waitlist.leave(token: token, business: waiting.entry.businessID, on: $0) }
        } catch let error as BookingError where error.code == .notActive {
            guard let current = try self.waiting(token) else { return notFound(request) }
            var context = entryContext(current, token: token, language: language)
            context["refusal"] = .string(templates.text("refused_leave_\(current.entry.status)", language: language))
            return page("waitlist", request, language: language, status: 409, title: "waitlist_title", context)
        }
        return PageResponse.redirect(to: "/waitlist/\(token)?done=left")
    }
}
