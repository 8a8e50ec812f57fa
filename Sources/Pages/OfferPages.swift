import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// `/offers/{token}`: a waitlist offer — the held time, how long it is held —
/// and accepting it. The token is the held booking's manage token.
extension CustomerPages {
    func showOffer(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        let found: (Offer, Managed)? = try pool.withConnection { connection in
            guard let business = try CustomerLinks.business(manageToken: token, on: connection) else { return nil }
            let offer: Offer
            do { offer = try offers.offer(token: token, business: business, on: connection) } catch let error as BookingError where error.code == .notFound {
                return nil
            }
            return (offer, Managed(record: offer.booking, context: try CustomerLinks.context(of: offer.booking, on: connection)))
        }
        guard let (offer, managed) = found else { return notFound(request) }
        let language = language(request, managed)
        return page("offer", request, language: language, title: "offer_title", offerContext(offer, managed, token: token, language: language))
    }

    func offerContext(_ offer: Offer, _ managed: Managed, token: String, language: String) -> [String: MustacheValue] {
        var context = bookingContext(managed, token: token, language: language)
        let times = LocalTimes(zone: TimeZone(identifier: managed.record.timeZone) ?? .gmt, language: language)
        context["offer"] = .dictionary([
            "state": .string(offer.state.rawValue),
            "open": .bool(offer.state == .open), "expired": .bool(offer.state == .expired), "accepted": .bool(offer.state == .accepted),
            "expires": offer.expiresAt.map { times.moment($0) } ?? .null,
            "minutes_left": offer.expiresAt.map { .number(max(0, ($0.timeIntervalSince(now()) / 60).rounded(.down))) } ?? .null,
        ])
        context["rebook"] = .string("/book/\(managed.context.business.slug)?service=\(Self.id(managed.record.serviceID))&location=\(Self.id(managed.record.locationID))")
        return context
    }

    func acceptOffer(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard let managed = try managed(token) else { return notFound(request) }
        let language = language(request, managed)
        guard isGenuine(request, FormBody(request.body), subject: token) else { return forbidden(request, language: language) }
        if let refusal = try overBudget(request, business: managed.context.business, language: language,
                                        back: ("/offers/\(token)", "action_back_to_booking")) { return refusal }
        do {
            _ = try pool.withTransaction { try offers.accept(token: token, business: managed.record.businessID, on: $0) }
        } catch let error as BookingError where error.code == .offerExpired {
            let offer = try pool.withConnection { try offers.offer(token: token, business: managed.record.businessID, on: $0) }
            return page("offer", request, language: language, status: 410, title: "offer_title",
                        offerContext(offer, managed, token: token, language: language))
        } catch let error as BookingError where error.code == .notActive {
            return PageResponse.redirect(to: "/manage/\(token)")
        } catch let error as BookingError where error.code == .notFound {
            return notFound(request)
        }
        return PageResponse.redirect(to: "/manage/\(token)?done=accepted")
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }
}
