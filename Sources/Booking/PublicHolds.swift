public import Foundation
public import Postgres
import Vocabulary

/// Flood-mode holds: public bookings made while a business is flooded wait
/// for their customer to confirm through the emailed link (the manage page
/// of a held booking asks, and its form POSTs). Only then are the
/// confirmation, its SMS and the reminders queued; an unconfirmed hold is
/// released by its `offer_expired` job (`WaitlistOffers.expire`).
public struct PublicHolds: Sendable {
    static let expiredReason = "not confirmed in time"
    let outbox: any WorkOutbox

    public init(outbox: any WorkOutbox) {
        self.outbox = outbox
    }

    // The held booking behind a manage link, locked: a confirmation and the expiry take turns.
    static let lockHold = """
        SELECT bk.id, bk.customer_id, bk.status, coalesce(bk.hold_expires_at <= booknow_now(), false) AS lapsed, p.held
        FROM bookings bk JOIN public_bookings p ON p.business_id = bk.business_id AND p.booking_id = bk.id
        WHERE bk.business_id = $2 AND bk.manage_token_hash = $1
        FOR UPDATE OF bk
        """

    /// Whether the booking a manage link names is a flood-mode hold still waiting for its confirmation.
    public func isPending(token: String, business: UUID, on connection: Connection) throws -> Bool {
        guard let hash = ManageToken.hash(token),
              let row = try connection.query(Self.lockHold.replacingOccurrences(of: "FOR UPDATE OF bk", with: ""), [hash, business]).first
        else { return false }
        return try row.decode(Bool.self, "held") && row.decodeStatus() == .held && !row.decode(Bool.self, "lapsed")
    }

    /// Confirms the hold a manage link names, in the caller's transaction: the
    /// booking becomes confirmed (version + 1) and its confirmation (with any
    /// reminders already due) is enqueued on the customer's consented channels.
    /// - Throws: `BookingError` `notFound` (no such public hold), `offerExpired`
    ///   once the hold ran out, `notActive` when it was already confirmed.
    @discardableResult
    public func confirm(token: String, business: UUID, on connection: Connection) throws -> BookingRecord {
        guard let hash = ManageToken.hash(token), let row = try connection.query(Self.lockHold, [hash, business]).first,
              try row.decode(Bool.self, "held")
        else { throw BookingError.notFound("booking") }
        let id = try row.decode(UUID.self, "id")
        let status = try row.decodeStatus()
        let lapsed = try row.decode(Bool.self, "lapsed")
        if status == .cancelled || (status == .held && lapsed) {
            throw BookingError(.offerExpired, "this booking was not confirmed in time and its time was released; book again")
        }
        guard status == .held else { throw BookingError(.notActive, "this booking is already confirmed") }
        try connection.execute(WaitlistOffers.confirmHold, [business, id])
        let record = try BookingRecord(row: connection.query(BookingStore.selectRecord, [business, id])[0])
        let channels = try WaitlistOffers.channels(business: business, customer: try row.decode(UUID.self, "customer_id"), on: connection)
        try outbox.enqueue(OutboxItem.change(.confirmed, booking: record, channels: channels), for: BookingChange(.confirmed, record), on: connection)
        return record
    }
}
