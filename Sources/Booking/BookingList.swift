public import Foundation
public import Postgres
import Crypto

/// The admin view of a business's bookings: filtered, in (starts_at, id)
/// order, a page at a time with an opaque cursor.
///
/// Keyset pagination: a cursor names the last (starts_at, id) shown and the
/// next page starts strictly after it, so bookings inserted or cancelled
/// while an admin pages never duplicate or skip the ones that already
/// existed (an offset would shift under them).
public enum BookingList {
    public struct Filter: Sendable {
        public var location: UUID?
        public var provider: UUID?
        public var status: String?
        /// Bookings starting in [from, to).
        public var from: Date?
        public var to: Date?

        public init(location: UUID? = nil, provider: UUID? = nil, status: String? = nil, from: Date? = nil, to: Date? = nil) {
            self.location = location
            self.provider = provider
            self.status = status
            self.from = from
            self.to = to
        }
    }

    /// Where a page ends: the start (in microseconds since 1970, PostgreSQL's
    /// own precision, so the comparison is exact) and id of its last booking.
    public struct Cursor: Sendable, Hashable {
        public let startMicroseconds: Int64
        public let id: UUID

        /// base64url of `micros:id`: opaque to clients, who only hand it back.
        public var token: String {
            Base64URL.encode(Array("\(startMicroseconds):\(id.uuidString.lowercased())".utf8))
        }

        /// nil for anything `token` did not make.
        public init?(token: String) {
            var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            guard token.count <= 100, let data = Data(base64Encoded: base64) else { return nil }
            let parts = String(decoding: data, as: UTF8.self).split(separator: ":")
            guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.init(startMicroseconds: micros, id: id)
        }

        init(startMicroseconds: Int64, id: UUID) {
            self.startMicroseconds = startMicroseconds
            self.id = id
        }
    }

    /// One booking with its names and its customer, as JSON.
    static let view = """
        jsonb_build_object('id', bk.id, 'status', bk.status, 'starts_at', bk.starts_at, 'ends_at', bk.ends_at, 'version', bk.version,
            'time_zone', l.time_zone, 'location', jsonb_build_object('id', l.id, 'name', l.name),
            'service', jsonb_build_object('id', s.id, 'name', s.name), 'provider', jsonb_build_object('id', p.id, 'name', p.name),
            'customer', jsonb_build_object('id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'erased', c.erased_at IS NOT NULL),
            'cancellation_notice_minutes', \(AdminTable.minutes("bk.cancellation_notice")), 'cancelled_at', bk.cancelled_at,
            'cancel_reason', bk.cancel_reason, 'created_at', bk.created_at, 'updated_at', bk.updated_at)
        """
    static let joins = """
        JOIN locations l ON l.business_id = bk.business_id AND l.id = bk.location_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN providers p ON p.business_id = bk.business_id AND p.id = bk.provider_id
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        """
    /// Walks bookings_by_start (or bookings_by_provider_start with a provider)
    /// from the cursor; the row comparison is the keyset condition. The
    /// cursor's start is rebuilt from whole microseconds, exactly.
    static let page = """
        SELECT \(view) AS item, (extract(epoch FROM bk.starts_at) * 1000000)::bigint AS start_micros, bk.id
        FROM bookings bk \(joins)
        WHERE bk.business_id = $1
          AND ($2::uuid IS NULL OR bk.location_id = $2) AND ($3::uuid IS NULL OR bk.provider_id = $3)
          AND ($4::text IS NULL OR bk.status = $4)
          AND ($5::timestamptz IS NULL OR bk.starts_at >= $5) AND ($6::timestamptz IS NULL OR bk.starts_at < $6)
          AND ($7::bigint IS NULL OR (bk.starts_at, bk.id) > ('epoch'::timestamptz + $7::bigint * interval '1 microsecond', $8::uuid))
        ORDER BY bk.starts_at, bk.id
        LIMIT $9
        """
    /// One booking by primary key.
    static let one = "SELECT \(view) AS item FROM bookings bk \(joins) WHERE bk.business_id = $1 AND bk.id = $2"

    /// Up to `limit` bookings after `cursor`, and the cursor of the next page
    /// (nil on the last page).
    public static func page(business: UUID, filter: Filter, after cursor: Cursor?, limit: Int,
                            on connection: Connection) throws -> (items: [String], next: Cursor?) {
        let rows = try connection.query(page, [business, filter.location, filter.provider, filter.status, filter.from, filter.to,
                                               cursor?.startMicroseconds, cursor?.id, limit + 1])
        let shown = rows.prefix(limit)
        let items = try shown.map { try $0.decode(String.self, "item") }
        guard rows.count > limit, let last = shown.last else { return (items, nil) }
        return (items, Cursor(startMicroseconds: try last.decode(Int64.self, "start_micros"), id: try last.decode(UUID.self, "id")))
    }

    /// - Throws: `BookingError` `notFound`.
    public static func booking(business: UUID, id: UUID, on connection: Connection) throws -> String {
        guard let row = try connection.query(one, [business, id]).first else { throw BookingError.notFound("booking") }
        return try row.decode(String.self, "item")
    }
}
