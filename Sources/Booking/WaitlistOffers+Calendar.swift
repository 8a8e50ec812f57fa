public import Foundation
public import Postgres

extension WaitlistOffers {
    /// A time held for a waitlist customer until they accept it or the hold runs out.
    public struct Held: Sendable, Hashable {
        /// The held booking's id.
        public let id: UUID
        public let start: Date
        public let end: Date
        public let expires: Date
        public let providerID: UUID
        public let providerName: String
        public let serviceName: String
        public let customerName: String
    }

    /// Held bookings offered to a waitlist entry, starting in [$4, $5) at one
    /// location (and one provider, $3, or all): bookings_by_start, or
    /// bookings_by_provider_start with a provider; the entry through
    /// waitlist_offered_booking. Flood-mode holds (no entry) are not offers.
    static let selectHeld = """
        SELECT bk.id, bk.starts_at, bk.ends_at, bk.hold_expires_at, bk.provider_id, p.name AS provider, s.name AS service, c.name AS customer
        FROM bookings bk
        JOIN waitlist_entries e ON e.business_id = bk.business_id AND e.offered_booking_id = bk.id AND e.status = 'offered'
        JOIN providers p ON p.business_id = bk.business_id AND p.id = bk.provider_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE bk.business_id = $1 AND bk.location_id = $2 AND ($3::uuid IS NULL OR bk.provider_id = $3)
          AND bk.status = 'held' AND bk.starts_at >= $4 AND bk.starts_at < $5
        ORDER BY bk.starts_at, bk.id
        """

    /// The waitlist offers held at `location` (for `provider`, or anyone's)
    /// that start in `range`, in time order.
    public static func held(business: UUID, location: UUID, provider: UUID?, in range: Range<Date>,
                            on connection: Connection) throws -> [Held] {
        try connection.query(selectHeld, [business, location, provider, range.lowerBound, range.upperBound]).map { row in
            Held(id: try row.decode(UUID.self, "id"), start: try row.decode(Date.self, "starts_at"), end: try row.decode(Date.self, "ends_at"),
                 expires: try row.decode(Date.self, "hold_expires_at"), providerID: try row.decode(UUID.self, "provider_id"),
                 providerName: try row.decode(String.self, "provider"), serviceName: try row.decode(String.self, "service"),
                 customerName: try row.decode(String.self, "customer"))
        }
    }
}
