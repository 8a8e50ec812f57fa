public import Booking
import Foundation
public import Postgres
public import Queue
import Vocabulary

/// The `slot_released` and `offer_expired` handlers: offer freed time to the
/// waitlist, and pass an unaccepted hold on to the next customer.
///
/// Each runs one transaction on the pool (from the worker's own thread), so
/// the hold, the entry's state and the jobs it enqueues commit together; a
/// failure rolls all of it back and the queue retries the job.
public struct WaitlistHandlers: Sendable {
    public let pool: ConnectionPool
    public let offers: WaitlistOffers

    public init(pool: ConnectionPool, offers: WaitlistOffers) {
        self.pool = pool
        self.offers = offers
    }

    /// `slot_released` (`SlotReleasedPayload`).
    public func slotReleased(_ job: Job) throws -> Outcome {
        guard let business = job.businessID, let payload = try? job.decodePayload(SlotReleasedPayload.self)
        else { return .dead(Failure("bad_payload", "slot_released payload is not understood")) }
        let freed = WaitlistOffers.FreedTime(business: business, location: payload.locationID, service: payload.serviceID,
                                             provider: payload.providerID, range: payload.freed)
        let offered = try pool.withTransaction { try offers.offer(freed, on: $0) }
        return .succeeded(Details(providerReply: "offered to \(offered) waiting customer(s)"))
    }

    /// `offer_expired` (`OfferExpiredPayload`: the held booking). A hold not yet
    /// over by the database clock (the clocks disagree by a little) is snoozed
    /// until it is.
    public func offerExpired(_ job: Job) throws -> Outcome {
        guard let business = job.businessID, let payload = try? job.decodePayload(OfferExpiredPayload.self) else {
            return .dead(Failure("bad_payload", "offer_expired payload is not understood"))
        }
        switch try pool.withTransaction({ try offers.expire(business: business, booking: payload.bookingID, on: $0) }) {
        case .settled:
            return .succeeded(Details(providerReply: "the offer was accepted or already released"))
        case .notYet(let expires):
            return .snooze(.seconds(max(1, Int64(expires.timeIntervalSince(job.claimedAt).rounded(.up)))))
        case .released(let offeredNext):
            return .succeeded(Details(providerReply: "released; offered to \(offeredNext) waiting customer(s)"))
        }
    }
}
