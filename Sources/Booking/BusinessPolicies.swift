public import Foundation
public import Postgres

/// A business's policies, as its admins read and change them: JSON in and
/// out, like `AdminTable`, on the business's own row.
///
/// A change applies to bookings made afterwards: each booking copies the
/// cancellation notice in force when it was made.
public enum BusinessPolicies {
    /// Lengths of time as whole minutes; quiet hours as local `HH:MM`.
    static let view = """
        jsonb_build_object('min_notice_minutes', \(AdminTable.minutes("t.min_notice")),
            'booking_horizon_minutes', \(AdminTable.minutes("t.booking_horizon")),
            'cancellation_notice_minutes', \(AdminTable.minutes("t.cancellation_notice")),
            'reminder_offsets_minutes', (SELECT coalesce(jsonb_agg(\(AdminTable.minutes("o")) ORDER BY n), '[]')
                                         FROM unnest(t.reminder_offsets) WITH ORDINALITY AS u(o, n)),
            'waitlist_policy', t.waitlist_policy, 'waitlist_hold_minutes', \(AdminTable.minutes("t.waitlist_hold")),
            'sms_quiet_start', to_char(t.sms_quiet_start, 'HH24:MI'), 'sms_quiet_end', to_char(t.sms_quiet_end, 'HH24:MI'),
            'sender_name', t.sender_name, 'reply_to', t.reply_to)
        """
    /// By primary key.
    static let select = "SELECT \(view) AS item FROM businesses t WHERE t.id = $1"
    /// By primary key; merges the JSON object of column values into the row
    /// (see `AdminTable`), so the CHECKs see the policies as a whole
    /// (horizon beyond notice, quiet hours both set or neither).
    static let update = """
        UPDATE businesses t SET (min_notice, booking_horizon, cancellation_notice, reminder_offsets, waitlist_policy, waitlist_hold,
                                 sms_quiet_start, sms_quiet_end, sender_name, reply_to) =
            (SELECT r.min_notice, r.booking_horizon, r.cancellation_notice, r.reminder_offsets, r.waitlist_policy, r.waitlist_hold,
                    r.sms_quiet_start, r.sms_quiet_end, r.sender_name, r.reply_to FROM jsonb_populate_record(t, $2::jsonb) r)
        WHERE t.id = $1 RETURNING \(view) AS item
        """

    public static func get(business: UUID, on connection: Connection) throws -> String {
        guard let row = try connection.query(select, [business]).first else { throw BookingError.notFound("business") }
        return try row.decode(String.self, "item")
    }

    /// - Parameter changes: a JSON object of `businesses` column values.
    /// - Throws: `BookingError` `notFound`, or `constraintViolated` for a rule between fields.
    public static func update(business: UUID, changes: String, on connection: Connection) throws -> String {
        let rows = try BookingError.translatingRefusals { try connection.query(update, [business, changes]) }
        guard let row = rows.first else { throw BookingError.notFound("business") }
        return try row.decode(String.self, "item")
    }
}
