import Booking
import Foundation
import HTTPServer
import Postgres

extension APIRoutes {
    /// `POST /v1/waitlist`: joins for a service at a location, a provider or
    /// `any`, with `wanted` windows and the `customer` object of bookings.
    /// 201 with the entry, its place and its token (shown this once).
    func joinWaitlist(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        var input = try InputReader(body: request.body)
        let service = input.uuid("service")
        let location = input.uuid("location")
        let provider = input.provider("provider")
        let wanted = input.windows("wanted")
        let details = Self.customer(&input)
        try input.finish()
        guard let service, let location, let provider, let wanted, let details else { throw APIError.validation(input.errors) }
        let joining = WaitlistRequest(business: grant.businessID, location: location, service: service, provider: provider,
                                      wanted: wanted, customer: details)
        return try idempotent(request, grant) { connection in
            let joined = try waitlist.join(joining, on: connection)
            return APIJSON.response(WaitlistView(joined.entry, token: joined.token), status: 201)
        }
    }

    /// `GET /v1/waitlist/{token}`: the entry and how many wait ahead. Reads only.
    func showWaitlistEntry(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        APIJSON.response(WaitlistView(try waitlist.entry(token: request.parameter("token"), business: grant.businessID)))
    }

    /// `POST /v1/waitlist/{token}/leave` (or `DELETE /v1/waitlist/{token}`).
    func leaveWaitlist(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let token = request.parameter("token")
        return try idempotent(request, grant) { connection in
            APIJSON.response(WaitlistView(try waitlist.leave(token: token, business: grant.businessID, on: connection)))
        }
    }

    /// `GET /v1/offers/{token}`: the held time and its expiry. Reads only:
    /// mail scanners open offer links, and must not accept anything.
    func showOffer(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let token = request.parameter("token")
        let offer = try store.pool.withConnection { try offers.offer(token: token, business: grant.businessID, on: $0) }
        return APIJSON.response(OfferView(offer))
    }

    /// `POST /v1/offers/{token}/accept`: 201 with the confirmed booking and its
    /// manage token; 410 `offer_expired` once the hold has run out.
    func acceptOffer(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        let token = request.parameter("token")
        return try idempotent(request, grant) { connection in
            let booked = try offers.accept(token: token, business: grant.businessID, on: connection)
            return APIJSON.response(BookingView(booked.booking, manageToken: booked.manageToken), status: 201)
        }
    }

    /// `GET /v1/admin/waitlist?status=`: the business's entries, newest first.
    /// Admin keys only: the list names customers.
    func adminWaitlist(_ request: Request, _ grant: APIKeyStore.Grant) throws -> Response {
        guard grant.scope == .admin else {
            throw AdminRoutes.adminKeyRequired
        }
        let status = request.query["status"]
        if let status, !Self.entryStatuses.contains(status) {
            throw APIError.validation([APIError.FieldError(field: "status", message: "must be one of \(Self.entryStatuses.joined(separator: ", "))")])
        }
        return APIJSON.response(WaitlistListView(data: try waitlist.list(business: grant.businessID, status: status).map { WaitlistView($0) }))
    }

    static let entryStatuses = ["waiting", "offered", "booked", "expired", "left"]
}
