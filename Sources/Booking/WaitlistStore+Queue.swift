public import Foundation
public import Postgres
import Vocabulary

/// A location's waitlist in queue order (first come, first offered), a page
/// at a time, for the business console: each entry with the times it wants,
/// its place among those waiting for the same service, and the offer it was
/// made.
///
/// Under the `hold` policy an entry is offered at most once: the held booking
/// `offered_booking_id` names is its offer, and the entry ends with it
/// (booked or expired). Under `notify_all` nobody is held: the notices sent
/// are messages, not offers, and are not listed here.
extension WaitlistStore {
    /// Which entries a page lists.
    public struct QueueFilter: Sendable, Hashable {
        public enum States: Sendable, Hashable {
            /// Waiting or offered: the queue as it stands.
            case open
            /// One status (`waiting`, `offered`, `booked`, `expired`, `left`).
            case only(String)
            case all
        }

        public var location: UUID
        /// nil: every service.
        public var service: UUID?
        /// Entries this provider's freed time would be offered to: theirs and
        /// those for anyone. nil: every entry.
        public var provider: UUID?
        public var states: States

        public init(location: UUID, service: UUID? = nil, provider: UUID? = nil, states: States = .open) {
            self.location = location
            self.service = service
            self.provider = provider
            self.states = states
        }
    }

    /// One entry as the queue lists it.
    public struct QueuedEntry: Sendable {
        public let entry: WaitlistEntry
        public let customerName: String
        public let serviceName: String
        /// nil: any provider.
        public let providerName: String?
        /// The times the customer would take, in order.
        public let wanted: [Range<Date>]
        /// 1 for the next to be offered among those waiting for the same service
        /// here; nil unless the entry is waiting.
        public let place: Int?
        public let offer: QueuedOffer?
    }

    /// The held booking an entry was offered.
    public struct QueuedOffer: Sendable {
        public enum State: String, Sendable {
            /// Held for the customer until `expiresAt`.
            case held
            /// Taken: the booking is the customer's.
            case accepted
            /// The hold ran out (or is about to be released) and the time went on.
            case expired
            /// Accepted, and the booking was cancelled since (a hold that runs
            /// out is released as `expired`; cancelling refuses a held booking).
            case cancelled
        }

        public let bookingID: UUID
        public let slot: Range<Date>
        public let providerName: String
        public let offeredAt: Date
        /// While held: when the hold ends.
        public let expiresAt: Date?
        /// When the hold was released unaccepted, or the booking cancelled.
        public let endedAt: Date?
        public let state: State
    }

    /// A page of the queue and whether more follow (`QueuedEntry.entry.id` is the next page's `after`).
    public struct QueuePage: Sendable {
        public let entries: [QueuedEntry]
        public let more: Bool
    }

    /// Everything one row shows; `e` is the entry, `o` its offer. The place is
    /// counted on waitlist_waiting_in_order like `countAhead`; names and the
    /// offer by primary key.
    static let queueSelect = """
        SELECT \(WaitlistEntry.columns), c.name AS customer_name, s.name AS service_name, p.name AS provider_name,
               ARRAY(SELECT lower(w) FROM unnest(e.wanted) AS w) AS wanted_from,
               ARRAY(SELECT upper(w) FROM unnest(e.wanted) AS w) AS wanted_until,
               CASE WHEN e.status = 'waiting' THEN (
                   SELECT count(*)::int8 + 1 FROM waitlist_entries a
                   WHERE a.business_id = e.business_id AND a.service_id = e.service_id AND a.location_id = e.location_id
                     AND a.status = 'waiting' AND (a.created_at, a.id) < (e.created_at, e.id)) END AS place,
               o.id AS offer_id, o.starts_at AS offer_starts, o.ends_at AS offer_ends, o.created_at AS offered_at,
               o.status AS offer_status, o.hold_expires_at AS offer_expires, o.cancelled_at AS offer_ended,
               o.cancel_reason AS offer_reason, coalesce(o.hold_expires_at <= booknow_now(), false) AS offer_lapsed,
               op.name AS offer_provider
        FROM waitlist_entries e
        JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
        JOIN services s ON s.business_id = e.business_id AND s.id = e.service_id
        LEFT JOIN providers p ON p.business_id = e.business_id AND p.id = e.provider_id
        LEFT JOIN bookings o ON o.business_id = e.business_id AND o.id = e.offered_booking_id
        LEFT JOIN providers op ON op.business_id = o.business_id AND op.id = o.provider_id
        WHERE e.business_id = $1 AND e.location_id = $2
          AND ($3::uuid IS NULL OR e.service_id = $3) AND ($4::uuid IS NULL OR e.provider_id = $4 OR e.provider_id IS NULL)
          AND ($5::uuid IS NULL OR (e.created_at, e.id) > (SELECT k.created_at, k.id FROM waitlist_entries k WHERE k.business_id = $1 AND k.id = $5))
        """
    /// The open queue walks the partial index waitlist_open_by_location in
    /// (created_at, id) order and stops at the limit: finished entries, however
    /// many, are not in that index. The predicate is the index's, literally.
    static let selectOpenQueue = queueSelect + """

          AND e.status IN ('waiting', 'offered')
        ORDER BY e.created_at, e.id LIMIT $6
        """
    /// One status or all ($6 NULL): waitlist_by_location in (created_at, id) order.
    static let selectQueue = queueSelect + """

          AND ($6::text IS NULL OR e.status = $6)
        ORDER BY e.created_at, e.id LIMIT $7
        """
    /// Whether a page's cursor is one of the business's entries; by primary key.
    static let selectEntryExists = "SELECT EXISTS (SELECT 1 FROM waitlist_entries WHERE business_id = $1 AND id = $2) AS found"

    /// Up to `limit` entries of the location in queue order, after the entry `after`.
    /// - Throws: `BookingError` `notFound` when `after` is not an entry of the business.
    public static func queue(business: UUID, filter: QueueFilter, after: UUID?, limit: Int, on connection: Connection) throws -> QueuePage {
        precondition(limit > 0, "a bounded read needs a positive limit")
        if let after, !(try connection.query(selectEntryExists, [business, after])[0].decode(Bool.self, "found")) {
            throw BookingError.notFound("waitlist entry")
        }
        let status: String? = switch filter.states {
        case .only(let status): status
        case .open, .all: nil
        }
        let common: [(any PostgresEncodable)?] = [business, filter.location, filter.service, filter.provider, after]
        let rows = filter.states == .open
            ? try connection.query(selectOpenQueue, common + [limit + 1])
            : try connection.query(selectQueue, common + [status, limit + 1])
        return QueuePage(entries: try rows.prefix(limit).map(QueuedEntry.init(row:)), more: rows.count > limit)
    }
}

extension WaitlistStore.QueuedEntry {
    init(row: Row) throws {
        entry = try WaitlistEntry(row: row)
        customerName = try row.decode(String.self, "customer_name")
        serviceName = try row.decode(String.self, "service_name")
        providerName = try row.decode(String?.self, "provider_name")
        wanted = zip(try row.decode([Date].self, "wanted_from"), try row.decode([Date].self, "wanted_until")).map { $0..<$1 }
        place = try row.decode(Int?.self, "place")
        offer = try row.decode(UUID?.self, "offer_id") == nil ? nil : try WaitlistStore.QueuedOffer(row: row, entryStatus: entry.status)
    }
}

extension WaitlistStore.QueuedOffer {
    init(row: Row, entryStatus: String) throws {
        bookingID = try row.decode(UUID.self, "offer_id")
        slot = try row.decode(Date.self, "offer_starts")..<row.decode(Date.self, "offer_ends")
        providerName = try row.decode(String.self, "offer_provider")
        offeredAt = try row.decode(Date.self, "offered_at")
        expiresAt = try row.decode(Date?.self, "offer_expires")
        let reason = try row.decode(String?.self, "offer_reason")
        state = switch try row.decodeStatus("offer_status") {
        case .held: try row.decode(Bool.self, "offer_lapsed") ? .expired : .held
        case .confirmed, .completed, .noShow: .accepted
        // Released unaccepted, or cancelled after the customer took it.
        case .cancelled: reason == WaitlistOffers.expiredReason || entryStatus == "expired" ? .expired : .cancelled
        }
        endedAt = try row.decode(Date?.self, "offer_ended")
    }
}
