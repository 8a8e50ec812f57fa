public import Foundation
public import Postgres
import Vocabulary

extension WaitlistOffers {
    /// Marks a booking that came from the waitlist and was released unaccepted,
    /// so its link can answer "expired" rather than "cancelled".
    static let expiredReason = "waitlist offer expired"

    /// The held booking and its hold, locked (FOR UPDATE: the expiry and an
    /// accept of one offer take turns; the booking row is locked first).
    static let lockHeld = """
        SELECT bk.id, bk.location_id, bk.provider_id, bk.service_id, bk.customer_id, bk.blocked, bk.status,
               bk.hold_expires_at, bk.hold_expires_at <= booknow_now() AS lapsed, bk.cancel_reason
        FROM bookings bk WHERE bk.business_id = $1 AND bk.id = $2
        FOR UPDATE
        """
    /// The booking id behind an offer link, by the token's unique index.
    static let selectIDByToken = "SELECT id FROM bookings WHERE manage_token_hash = $1 AND business_id = $2"
    /// Frees the time: cancelled bookings are outside bookings_no_overlap. By primary key.
    static let releaseHold = """
        UPDATE bookings SET status = 'cancelled', hold_expires_at = NULL, cancelled_at = booknow_now(), updated_at = booknow_now(),
                            version = version + 1, cancel_reason = $3
        WHERE business_id = $1 AND id = $2
        """
    /// Turns the hold into the customer's booking. By primary key.
    static let confirmHold = """
        UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL, updated_at = booknow_now(), version = version + 1
        WHERE business_id = $1 AND id = $2
        """
    /// The entry the hold was offered to, by waitlist_offered_booking.
    static let settleEntry = """
        UPDATE waitlist_entries SET status = $3, updated_at = booknow_now()
        WHERE business_id = $1 AND offered_booking_id = $2 AND status = 'offered'
        """
    /// Whether a booking was offered through the waitlist at all.
    static let selectOffered = "SELECT EXISTS (SELECT 1 FROM waitlist_entries WHERE business_id = $1 AND offered_booking_id = $2) AS offered"

    /// What became of an `offer_expired` job.
    public enum Expiry: Sendable, Equatable {
        /// Accepted, or already released: nothing to do.
        case settled
        /// The hold has not run out by the database clock yet.
        case notYet(Date)
        /// Released; the time was offered to this many customers next.
        case released(offeredNext: Int)
    }

    /// Releases an unaccepted hold, tells its customer, and offers the time to
    /// the next fitting entry (who is then held or told in turn).
    public func expire(business: UUID, booking: UUID, on connection: Connection) throws -> Expiry {
        guard let row = try connection.query(Self.lockHeld, [business, booking]).first,
              try row.decodeStatus() == .held else { return .settled }
        guard try row.decode(Bool.self, "lapsed") else { return .notYet(try row.decode(Date.self, "hold_expires_at")) }
        guard try connection.query(Self.selectOffered, [business, booking])[0].decode(Bool.self, "offered") else {
            // A flood-mode hold never confirmed: released without a word (its
            // customer never had a booking), and its time offered to the waitlist.
            try connection.execute(Self.releaseHold, [business, booking, PublicHolds.expiredReason])
            let record = try BookingRecord(row: connection.query(BookingStore.selectRecord, [business, booking])[0])
            let freed = FreedTime(business: business, location: record.locationID, service: record.serviceID, provider: record.providerID,
                                  range: try row.decode(Range<Date>.self, "blocked"))
            return .released(offeredNext: try offer(freed, on: connection))
        }
        try connection.execute(Self.releaseHold, [business, booking, Self.expiredReason])
        try connection.execute(Self.settleEntry, [business, booking, "expired"])
        let record = try BookingRecord(row: connection.query(BookingStore.selectRecord, [business, booking])[0])
        let channels = try Self.channels(business: business, customer: try row.decode(UUID.self, "customer_id"), on: connection)
        let freed = FreedTime(business: business, location: record.locationID, service: record.serviceID, provider: record.providerID,
                              range: try row.decode(Range<Date>.self, "blocked"))
        // Offered on first, so the customer's notice says whether anyone was next.
        let offeredNext = try offer(freed, on: connection)
        try outbox.enqueue(OutboxItem.messages(.waitlistOfferExpired, booking: record, channels: channels, offeredNext: offeredNext > 0),
                           on: connection)
        return .released(offeredNext: offeredNext)
    }

    /// Accepts the offer an offer link names: the hold becomes a confirmed
    /// booking (version + 1), the entry is booked, and the confirmation is
    /// enqueued (with any reminders already due), all in the caller's transaction.
    /// - Throws: `BookingError` `notFound`; `offerExpired` once the hold has run
    ///   out by the database clock, even before the expiry job released it;
    ///   `notActive` when it was already accepted.
    public func accept(token: String, business: UUID, on connection: Connection) throws -> BookedAppointment {
        guard let hash = ManageToken.hash(token),
              let id = try connection.query(Self.selectIDByToken, [hash, business]).first?.decode(UUID.self, "id"),
              let row = try connection.query(Self.lockHeld, [business, id]).first,
              try connection.query(Self.selectOffered, [business, id])[0].decode(Bool.self, "offered")
        else { throw BookingError.notFound("offer") }
        let status = try row.decodeStatus()
        // lapsed is NULL once the hold is gone (accepted or released).
        let lapsed = try row.decode(Bool?.self, "lapsed") ?? false
        if status == .cancelled || (status == .held && lapsed) {
            throw Self.expiredError
        }
        guard status == .held else { throw BookingError(.notActive, "this offer was already accepted") }
        try connection.execute(Self.confirmHold, [business, id])
        try connection.execute(Self.settleEntry, [business, id, "booked"])
        let record = try BookingRecord(row: connection.query(BookingStore.selectRecord, [business, id])[0])
        let channels = try Self.channels(business: business, customer: try row.decode(UUID.self, "customer_id"), on: connection)
        try outbox.enqueue(OutboxItem.change(.confirmed, booking: record, channels: channels), for: BookingChange(.confirmed, record), on: connection)
        return BookedAppointment(booking: record, manageToken: token)
    }

    static let expiredError = BookingError(
        .offerExpired, "this offer has expired and the time was offered to the next person waiting; check availability to book another time")

    /// The offer a link names, for showing it. Reads only: mail scanners open links.
    public func offer(token: String, business: UUID, on connection: Connection) throws -> Offer {
        guard let hash = ManageToken.hash(token),
              let id = try connection.query(Self.selectIDByToken, [hash, business]).first?.decode(UUID.self, "id"),
              try connection.query(Self.selectOffered, [business, id])[0].decode(Bool.self, "offered"),
              let row = try connection.query(Self.selectOffer, [business, id]).first
        else { throw BookingError.notFound("offer") }
        let record = try BookingRecord(row: row)
        let state: Offer.State = switch record.status {
        case .held: try row.decode(Bool.self, "lapsed") ? .expired : .open
        case .cancelled: .expired
        case .confirmed, .completed, .noShow: .accepted
        }
        return Offer(booking: record, state: state, expiresAt: try row.decode(Date?.self, "hold_expires_at"))
    }

    /// A booking record with its hold; by primary key.
    static let selectOffer = """
        SELECT \(BookingRecord.columns), bk.hold_expires_at, coalesce(bk.hold_expires_at <= booknow_now(), false) AS lapsed
        FROM bookings bk \(BookingRecord.joins) WHERE bk.business_id = $1 AND bk.id = $2
        """
}

/// A waitlist offer as its link shows it.
public struct Offer: Sendable {
    public enum State: String, Sendable {
        /// Held for the customer until `expiresAt`.
        case open
        /// The hold ran out; the time went to the next customer.
        case expired
        /// The customer took it: the booking is theirs.
        case accepted
    }

    public let booking: BookingRecord
    public let state: State
    /// While open (or lapsed but not yet released): when the hold ends.
    public let expiresAt: Date?
}
