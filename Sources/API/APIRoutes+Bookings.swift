import Booking
import Foundation
import HTTPServer
import Postgres

extension APIRoutes {
    /// `POST /v1/bookings`: 201 with the booking and its manage token (shown
    /// this once), 409 `slot_unavailable` with alternatives, 422 naming the
    /// field or the scheduling rule at fault.
    func book(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = try InputReader(body: request.body)
        let service = input.uuid("service")
        let location = input.uuid("location")
        let provider = input.provider("provider")
        let start = input.instant("start")
        let details = Self.customer(&input)
        try input.finish()
        guard let service, let location, let provider, let start, let details else { throw APIError.validation(input.errors) }
        let booking = BookingRequest(business: grant.businessID, location: location, service: service, provider: provider,
                                     start: start, customer: details)
        guard let doors, grant.scope == .public else {
            return try idempotent(request, grant) { connection in
                let booked = try store.book(booking, on: connection)
                return APIJSON.response(BookingView(booked.booking, manageToken: booked.manageToken), status: 201)
            }
        }
        // A public key's booking passes the public-write limits first (PublicGate);
        // in flood mode it is a hold (status "held") its customer confirms by email.
        do {
            let limits = try store.pool.withConnection { try gate.businessLimits(grant.businessID, on: $0) }
            try doors.throttle.admit(address: request.clientAddress, business: grant.businessID, perHour: limits.submissionsPerHour,
                                     now: doors.now())
            try PublicGate.checkSMS(details, allowed: limits.smsCallingCodes)
            let flooded = try store.pool.withTransaction { try gate.isFlooded(grant.businessID, limits: limits, on: $0) }
            return try idempotent(request, grant) { connection in
                let admission = try gate.admit(details, business: grant.businessID, limits: limits, flooded: flooded, on: connection)
                let hold: Date? = if case .hold(let until) = admission { until } else { nil }
                let booked = try store.book(booking, holdUntil: hold, on: connection)
                try gate.record(booked, customer: details, held: hold != nil, on: connection)
                return APIJSON.response(BookingView(booked.booking, manageToken: booked.manageToken), status: 201)
            }
        } catch let refusal as PublicRefusal {
            doors.onRefusal(refusal.reason)
            return APIError.refused(refusal).response
        }
    }

    /// `GET /v1/manage/{token}`: shows the booking. Reads only; mail scanners open these links.
    func showBooking(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let record = try store.booking(manageToken: request.parameter("token"), business: grant.businessID)
        return APIJSON.response(BookingView(record))
    }

    /// `POST /v1/manage/{token}/cancel` with an optional `{"reason": "…"}`.
    func cancel(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = try InputReader(body: request.body)
        let reason = input.string("reason", required: false, maxLength: 500)
        try input.finish()
        let token = request.parameter("token")
        return try idempotent(request, grant) { connection in
            APIJSON.response(BookingView(try store.cancel(manageToken: token, business: grant.businessID, reason: reason, on: connection)))
        }
    }

    /// `POST /v1/manage/{token}/reschedule` with `{"start": "…"}`: same provider,
    /// new time; the booking's own time answers it unchanged (`"unchanged": true`).
    func reschedule(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = try InputReader(body: request.body)
        let start = input.instant("start")
        try input.finish()
        guard let start else { throw APIError.validation(input.errors) }
        let token = request.parameter("token")
        return try idempotent(request, grant) { connection in
            let moved = try store.reschedule(manageToken: token, business: grant.businessID, to: start, on: connection)
            return APIJSON.response(BookingView(moved.booking, unchanged: moved.unchanged))
        }
    }

    /// The required `customer` object, its errors taken into `input`.
    static func customer(_ input: inout InputReader) -> CustomerDetails? {
        guard var customer = input.object("customer") else { return nil }
        let details = customerDetails(&customer)
        input.absorb(customer)
        return details
    }

    /// The `customer` object: a name, an e-mail address or a phone number (or
    /// both), a locale, and consent per channel.
    private static func customerDetails(_ input: inout InputReader) -> CustomerDetails? {
        let name = input.string("name", required: true, maxLength: 200)
        let email = input.string("email", required: false, format: .email)
        let phone = input.string("phone", required: false, format: .phone)
        let locale = input.string("locale", required: false, format: .locale) ?? "en"
        let consentEmail = input.bool("consent_email", default: false)
        let consentSMS = input.bool("consent_sms", default: false)
        if email == nil && phone == nil && input.isClean {
            input.fail("email", "give an e-mail address or a phone number")
        }
        guard let name, input.isClean else { return nil }
        return CustomerDetails(name: name, email: email?.lowercased(), phone: phone, locale: locale,
                               consentEmail: consentEmail, consentSMS: consentSMS)
    }
}
