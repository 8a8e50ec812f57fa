public import Foundation
public import Postgres
public import Vocabulary

/// One booking as the reminder rule sees it.
public struct ReminderTarget: Sendable {
    public var business: UUID
    public var booking: UUID
    public var version: Int
    public var startsAt: Date
    public var createdAt: Date
    public var channels: [Channel]

    init(row: Row) throws {
        business = try row.decode(UUID.self, "business_id")
        booking = try row.decode(UUID.self, "id")
        version = try row.decode(Int.self, "version")
        startsAt = try row.decode(Date.self, "starts_at")
        createdAt = try row.decode(Date.self, "created_at")
        channels = (try row.decode(Bool.self, "email_ok") ? [.email] : []) + (try row.decode(Bool.self, "sms_ok") ? [.sms] : [])
    }
}

/// The reminder planner's reads over the booking tables.
extension ReminderTarget {
    /// Confirmed bookings with a reminder whose nominal time (start − offset)
    /// is in ($1, $2]: one range scan of bookings_confirmed_by_start per
    /// distinct offset in use, then each booking's customer by primary key.
    /// The LATERAL subqueries (OFFSET 0 keeps them from being flattened) fix
    /// that order: as a plain join, the planner started from the customers
    /// and took 6.7 s over 15 M bookings with 200,000 reminders in the window
    /// (bench/api's database), holding the watermark — and so every booking —
    /// meanwhile; this shape took 1.2 s there.
    static let selectDue = """
        SELECT bk.business_id, bk.id, bk.version, bk.starts_at, bk.created_at, extract(epoch FROM offsets.o)::float8 AS offset_s,
               c.email_ok, c.sms_ok
        FROM (SELECT DISTINCT unnest(reminder_offsets) AS o FROM businesses WHERE disabled_at IS NULL) offsets
        CROSS JOIN LATERAL (
            SELECT b.business_id, b.id, b.version, b.starts_at, b.created_at, b.customer_id FROM bookings b
            WHERE b.status = 'confirmed' AND b.starts_at > $1::timestamptz + offsets.o AND b.starts_at <= $2::timestamptz + offsets.o
            OFFSET 0) bk
        CROSS JOIN LATERAL (
            SELECT (c.email IS NOT NULL AND c.consent_email) AS email_ok, (c.phone IS NOT NULL AND c.consent_sms) AS sms_ok
            FROM customers c WHERE c.business_id = bk.business_id AND c.id = bk.customer_id OFFSET 0) c
        WHERE EXISTS (SELECT 1 FROM businesses bz
                      WHERE bz.id = bk.business_id AND bz.disabled_at IS NULL AND offsets.o = ANY (bz.reminder_offsets))
        """
    /// One booking's reminder inputs, for the booking-time path.
    static let selectBooking = """
        SELECT bk.business_id, bk.id, bk.version, bk.starts_at, bk.created_at,
               (c.email IS NOT NULL AND c.consent_email) AS email_ok, (c.phone IS NOT NULL AND c.consent_sms) AS sms_ok,
               ARRAY(SELECT extract(epoch FROM o)::float8 FROM unnest(bz.reminder_offsets) AS o) AS offsets
        FROM bookings bk
        JOIN businesses bz ON bz.id = bk.business_id
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE bk.business_id = $1 AND bk.id = $2 AND bk.status = 'confirmed' AND bz.disabled_at IS NULL
        """

    // The offsets in force now; a reminder planned under older offsets still
    // dies at run time, because its booking version no longer matches.
    static let selectOffsets = """
        SELECT ARRAY(SELECT extract(epoch FROM o)::int FROM unnest(bz.reminder_offsets) AS o) AS offsets
        FROM bookings bk JOIN businesses bz ON bz.id = bk.business_id WHERE bk.id = $1
        """

    /// Every confirmed booking of an enabled business with a reminder whose
    /// nominal time (start − offset) is in (`from`, `until`], with that offset in seconds.
    public static func due(after from: Date, through until: Date, on connection: Connection) throws -> [(target: ReminderTarget, offset: Double)] {
        try connection.query(selectDue, [from, until]).map { row in
            (try ReminderTarget(row: row), try row.decode(Double.self, "offset_s"))
        }
    }

    /// One confirmed booking of an enabled business and its business's offsets in seconds, or nil.
    public static func booking(business: UUID, booking: UUID, on connection: Connection) throws -> (target: ReminderTarget, offsets: [Double])? {
        guard let row = try connection.query(selectBooking, [business, booking]).first else { return nil }
        return (try ReminderTarget(row: row), try row.decode([Double].self, "offsets"))
    }

    /// The reminder offsets (seconds) in force now for the business of `booking`, or nil for no such booking.
    public static func offsets(booking: UUID, on connection: Connection) throws -> [Int]? {
        try connection.query(selectOffsets, [booking]).first?.decode([Int].self, "offsets")
    }
}
