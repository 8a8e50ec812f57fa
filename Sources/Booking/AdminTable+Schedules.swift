public import Foundation
public import Postgres

extension AdminTable {
    /// Weekly availability rules of providers, in the location's local time.
    public static let rules = AdminTable(
        list: """
            SELECT \(ruleView) AS item FROM availability_rules t
            WHERE t.business_id = $1 AND ($2::uuid IS NULL OR t.provider_id = $2)
            ORDER BY t.provider_id, t.weekday, t.start_time, t.id
            """,
        filters: ["provider"],
        get: "SELECT \(ruleView) AS item FROM availability_rules t WHERE t.business_id = $1 AND t.id = $2",
        // The composite foreign key refuses another business's provider: 23503.
        insert: """
            INSERT INTO availability_rules AS t (business_id, provider_id, weekday, start_time, end_time, valid_from, valid_until)
            SELECT $1, r.provider_id, r.weekday, r.start_time, r.end_time, r.valid_from, r.valid_until
            FROM jsonb_populate_record(NULL::availability_rules, $2::jsonb) r
            RETURNING \(ruleView) AS item
            """,
        update: """
            UPDATE availability_rules t SET (weekday, start_time, end_time, valid_from, valid_until) =
                (SELECT r.weekday, r.start_time, r.end_time, r.valid_from, r.valid_until FROM jsonb_populate_record(t, $3::jsonb) r)
            WHERE t.business_id = $1 AND t.id = $2 RETURNING \(ruleView) AS item
            """,
        delete: "DELETE FROM availability_rules t WHERE t.business_id = $1 AND t.id = $2 RETURNING \(ruleView) AS item")

    static let ruleView = """
        jsonb_build_object('id', t.id, 'provider_id', t.provider_id, 'weekday', t.weekday,
            'start_time', to_char(t.start_time, 'HH24:MI'), 'end_time', to_char(t.end_time, 'HH24:MI'),
            'valid_from', t.valid_from, 'valid_until', t.valid_until)
        """

    /// Time off of one provider, or a closure of a whole location (exactly one
    /// of the two ids), in one of three shapes the schema's CHECKs enforce:
    /// instants, whole local dates, or a weekly block.
    public static let timeOff = AdminTable(
        list: """
            SELECT \(timeOffView) AS item FROM time_off t
            WHERE t.business_id = $1 AND ($2::uuid IS NULL OR t.provider_id = $2) AND ($3::uuid IS NULL OR t.location_id = $3)
            ORDER BY t.created_at, t.id
            """,
        filters: ["provider", "location"],
        get: "SELECT \(timeOffView) AS item FROM time_off t WHERE t.business_id = $1 AND t.id = $2",
        insert: """
            INSERT INTO time_off AS t (business_id, provider_id, location_id, kind, period, dates, weekdays, start_time, end_time, note)
            SELECT $1, r.provider_id, r.location_id, r.kind, r.period, r.dates, r.weekdays, r.start_time, r.end_time, r.note
            FROM jsonb_populate_record(NULL::time_off, $2::jsonb) r
            RETURNING \(timeOffView) AS item
            """,
        update: """
            UPDATE time_off t SET (kind, period, dates, weekdays, start_time, end_time, note) =
                (SELECT r.kind, r.period, r.dates, r.weekdays, r.start_time, r.end_time, r.note FROM jsonb_populate_record(t, $3::jsonb) r)
            WHERE t.business_id = $1 AND t.id = $2 RETURNING \(timeOffView) AS item
            """,
        delete: "DELETE FROM time_off t WHERE t.business_id = $1 AND t.id = $2 RETURNING \(timeOffView) AS item")

    /// Dates are shown inclusive (`until_date` is the last day off), as admins enter them.
    static let timeOffView = """
        jsonb_build_object('id', t.id, 'provider_id', t.provider_id, 'location_id', t.location_id, 'kind', t.kind,
            'starts_at', lower(t.period), 'ends_at', upper(t.period),
            'from_date', lower(t.dates), 'until_date', upper(t.dates) - 1,
            'weekdays', t.weekdays, 'start_time', to_char(t.start_time, 'HH24:MI'), 'end_time', to_char(t.end_time, 'HH24:MI'),
            'note', t.note, 'created_at', t.created_at)
        """
}

extension AdminTable {
    /// Time off (`provider`) or closures (`location`) not over by
    /// `booknow_now()`, weekly blocks (never over) first, then by start: what
    /// the console lists. Whole dates end at midnight in the location's zone
    /// (for time off, the provider's location's). The filters are those of
    /// `timeOff.list`, served by time_off_by_provider and time_off_by_location.
    static let selectUpcomingTimeOff = """
        SELECT \(timeOffView) AS item FROM time_off t
        LEFT JOIN providers p ON p.business_id = t.business_id AND p.id = t.provider_id
        JOIN locations l ON l.business_id = t.business_id AND l.id = coalesce(t.location_id, p.location_id)
        WHERE t.business_id = $1 AND ($2::uuid IS NULL OR t.provider_id = $2) AND ($3::uuid IS NULL OR t.location_id = $3)
          AND (t.weekdays IS NOT NULL OR upper(t.period) > booknow_now() OR upper(t.dates) > (booknow_now() AT TIME ZONE l.time_zone)::date)
        ORDER BY t.weekdays IS NULL, coalesce(lower(t.period), lower(t.dates)::timestamp AT TIME ZONE l.time_zone), t.created_at, t.id
        """

    /// The time off of `provider` or the closures of `location` (one of the
    /// two) that are not over yet, as `timeOff` shows rows.
    public static func upcomingTimeOff(business: UUID, provider: UUID?, location: UUID?, on connection: Connection) throws -> [String] {
        precondition((provider == nil) != (location == nil), "upcomingTimeOff takes a provider or a location")
        return try connection.query(selectUpcomingTimeOff, [business, provider, location]).map { try $0.decode(String.self, "item") }
    }
}
