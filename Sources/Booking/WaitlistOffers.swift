public import Foundation
public import Postgres
import Scheduling
import Vocabulary

/// Offers freed time to the waitlist.
///
/// Under the default policy `hold` the first fitting customer gets a `held`
/// booking, guarded by the same exclusion constraint as confirmed ones, for
/// the business's `waitlist_hold`; their link accepts it, and an
/// `offer_expired` job at the hold's end passes it on. Under `notify_all`
/// every fitting customer is told and the first to book through the normal
/// booking path wins. Every method works inside the caller's transaction,
/// so the hold, the entry's state and the messages commit together.
public struct WaitlistOffers: Sendable {
    public let outbox: any WorkOutbox
    public let tokens: ManageToken

    public init(outbox: any WorkOutbox, tokens: ManageToken) {
        self.outbox = outbox
        self.tokens = tokens
    }

    /// Time a provider no longer has booked, as `slot_released` carries it.
    public struct FreedTime: Sendable, Hashable {
        public var business: UUID
        public var location: UUID
        public var service: UUID
        public var provider: UUID
        public var range: Range<Date>

        public init(business: UUID, location: UUID, service: UUID, provider: UUID, range: Range<Date>) {
            self.business = business
            self.location = location
            self.service = service
            self.provider = provider
            self.range = range
        }
    }

    /// The business's policy; by primary key.
    static let selectPolicy = "SELECT waitlist_policy FROM businesses WHERE id = $1 AND disabled_at IS NULL"
    /// Waiting entries for this service here (this provider or anyone), oldest
    /// first, each with the earliest free start ($5/$6: starts and ends) that
    /// lies inside what it wants; waitlist_waiting_in_order serves the scan.
    static let selectFitting = """
        SELECT e.id, e.customer_id, fit.starts_at
        FROM waitlist_entries e
        CROSS JOIN LATERAL (
            SELECT s.starts_at FROM unnest($5::timestamptz[], $6::timestamptz[]) AS s(starts_at, ends_at)
            WHERE e.wanted @> tstzrange(s.starts_at, s.ends_at) ORDER BY s.starts_at LIMIT 1) fit
        WHERE e.business_id = $1 AND e.service_id = $2 AND e.location_id = $3 AND e.status = 'waiting'
          AND (e.provider_id IS NULL OR e.provider_id = $4)
        ORDER BY e.created_at, e.id
        """
    /// Under `hold`: the oldest fitting entry that no other release is offering
    /// now, and only that row locked (LIMIT before SKIP LOCKED). Locking every
    /// fitting entry hid them all from a release running at the same moment,
    /// which then offered its time to nobody (resilience/run race found it).
    static let selectFirstFitting = selectFitting + "\nLIMIT 1 FOR UPDATE OF e SKIP LOCKED"
    /// Under `notify_all`: every fitting entry, share-locked so none leaves while
    /// it is told. Share locks do not conflict, so releases at the same moment
    /// each tell everyone who fits (SKIP LOCKED made the second tell nobody).
    static let selectEveryFitting = selectFitting + "\nFOR SHARE OF e"
    /// A held booking for the entry's customer until booknow_now() + the
    /// business's hold; bookings_no_overlap decides a race with a public booking.
    static let insertHold = """
        INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                              status, hold_expires_at, cancellation_notice, manage_token_hash, id)
        SELECT $1, $2, $3, $4, $5, $6, $7, tstzrange($8, $9), 'held', booknow_now() + b.waitlist_hold, b.cancellation_notice, $10, $11
        FROM businesses b WHERE b.id = $1
        RETURNING hold_expires_at
        """
    /// By primary key, on the row locked by selectFitting.
    static let markOffered = """
        UPDATE waitlist_entries SET status = 'offered', offered_booking_id = $3, updated_at = booknow_now()
        WHERE business_id = $1 AND id = $2
        """
    /// The channels a customer may be reached on; by primary key.
    static let selectChannels = """
        SELECT (email IS NOT NULL AND consent_email) AS by_email, (phone IS NOT NULL AND consent_sms) AS by_sms
        FROM customers WHERE business_id = $1 AND id = $2
        """

    /// Offers `freed` to the waitlist by the business's policy.
    /// - Returns: how many customers were offered it (0: nobody fits, or the
    ///   time was taken again before the hold could be placed).
    @discardableResult
    public func offer(_ freed: FreedTime, on connection: Connection) throws -> Int {
        guard let policy = try connection.query(Self.selectPolicy, [freed.business]).first?.decode(String.self, "waitlist_policy") else {
            return 0
        }
        let snapshot: ScheduleSnapshot
        do {
            snapshot = try ScheduleSnapshot.load(business: freed.business, location: freed.location, service: freed.service,
                                                 provider: freed.provider, around: freed.range, on: connection)
        } catch let error as BookingError where error.code == .notFound || error.code == .notBookable {
            return 0 // The provider left, or stopped offering the service: nothing to offer.
        }
        let slots = snapshot.slots(in: freed.range, provider: freed.provider)
        guard !slots.isEmpty else { return 0 }
        let fitting = try connection.query(policy == "notify_all" ? Self.selectEveryFitting : Self.selectFirstFitting, [
            freed.business, freed.service, freed.location, freed.provider, slots.map(\.start), slots.map(\.end),
        ]).map { (entry: try $0.decode(UUID.self, "id"), customer: try $0.decode(UUID.self, "customer_id"), start: try $0.decode(Date.self, "starts_at")) }
        guard let first = fitting.first else { return 0 }
        if policy == "notify_all" {
            var items: [OutboxItem] = []
            for fit in fitting {
                items += OutboxItem.waitlistNotices(entry: fit.entry, freed: freed, start: fit.start,
                                                    channels: try Self.channels(business: freed.business, customer: fit.customer, on: connection))
            }
            try outbox.enqueue(items, on: connection)
            return fitting.count
        }
        return try hold(first.start, for: first.entry, customer: first.customer, snapshot: snapshot, freed: freed, on: connection) ? 1 : 0
    }

    /// Places the hold for one entry and enqueues its offer and expiry.
    private func hold(_ start: Date, for entry: UUID, customer: UUID, snapshot: ScheduleSnapshot, freed: FreedTime,
                      on connection: Connection) throws -> Bool {
        // The start came from this snapshot's own free slots, so a refusal here
        // cannot name anything the caller could act on: nobody is offered it.
        guard let slot = try? snapshot.candidates(for: start, provider: freed.provider).first else { return false }
        let bookingID = UUID()
        let (_, hash) = tokens.make(for: bookingID)
        let parameters: [(any PostgresEncodable)?] = [
            freed.business, freed.location, slot.providerID, freed.service, customer,
            slot.start, slot.end, slot.blocked.lowerBound, slot.blocked.upperBound, hash, bookingID,
        ]
        guard let expires = try BookingStore.unlessOverlapping(connection, {
            try connection.query(Self.insertHold, parameters)[0].decode(Date.self, "hold_expires_at")
        }) else { return false }
        try connection.execute(Self.markOffered, [freed.business, entry, bookingID])
        let record = try BookingRecord(row: connection.query(BookingStore.selectRecord, [freed.business, bookingID])[0])
        let channels = try Self.channels(business: freed.business, customer: customer, on: connection)
        try outbox.enqueue(OutboxItem.waitlistOffer(record, expires: expires, channels: channels), on: connection)
        return true
    }

    static func channels(business: UUID, customer: UUID, on connection: Connection) throws -> [Channel] {
        guard let row = try connection.query(selectChannels, [business, customer]).first else { return [] }
        return try Channel.consented(row)
    }
}
