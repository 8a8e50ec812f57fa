public import Foundation
public import Postgres
import Scheduling

/// Time a calendar shows as not bookable besides bookings: a provider's time
/// off, or a closure of the whole location (a `time_off` row with a location
/// instead of a provider), with the stretches it covers in a range of time.
public struct Absence: Sendable, Hashable {
    public let id: UUID
    /// nil: the whole location is closed.
    public let providerID: UUID?
    /// `holiday`, `lunch`, `personal`, `sick`, `training` or `other`.
    public let kind: String
    public let note: String
    /// Where it lies in the range asked about, in time order: a weekly block
    /// once per matching day, whole dates from local midnight to local
    /// midnight (the engine's own reading, so the calendar shows what blocks
    /// bookings). A stretch may run past either end of the range.
    public let stretches: [Range<Date>]

    public var isClosure: Bool { providerID == nil }

    /// The providers' time off and the location's closures touching the range
    /// (the same conditions as the availability query's, `ScheduleSnapshot.selectTimeOff`);
    /// a BitmapOr of time_off_by_provider and time_off_by_location.
    static let selectTouching = """
        SELECT id, provider_id, kind, note, period, lower(dates)::text AS first_date, (upper(dates) - 1)::text AS last_date,
               weekdays, extract(epoch FROM start_time)::int AS start_seconds, extract(epoch FROM end_time)::int AS end_seconds
        FROM time_off
        WHERE business_id = $1 AND (provider_id = ANY($2::uuid[]) OR location_id = $3)
          AND (period IS NULL OR period && tstzrange($4, $5))
          AND (dates IS NULL OR dates && daterange($6::date, $7::date, '[]'))
        ORDER BY provider_id NULLS FIRST, created_at, id
        """

    /// The time off of `providers` and the closures of `location` in `range`,
    /// read on `zone`'s wall clock (the location's). Rows with no stretch in
    /// the range (a weekly block on other weekdays) are left out.
    public static func touching(_ range: Range<Date>, business: UUID, location: UUID, providers: [UUID], zone: TimeZone,
                                on connection: Connection) throws -> [Absence] {
        let clock = Scheduling.WallClock(zone)
        // A day either side: a local date's stretch may begin before the range's first instant.
        let dates = clock.localDate(of: range.lowerBound).adding(days: -1)...clock.localDate(of: range.upperBound).adding(days: 1)
        let parameters: [(any PostgresEncodable)?] = [business, providers, location, range.lowerBound, range.upperBound,
                                                      dates.lowerBound.description, dates.upperBound.description]
        return try connection.query(selectTouching, parameters).compactMap { row in
            guard let period = try ScheduleSnapshot.timeOffPeriod(row) else { return nil }
            let stretches = period.instants(dates: dates, clock: clock).filter { $0.overlaps(range) }.sorted { $0.lowerBound < $1.lowerBound }
            guard !stretches.isEmpty else { return nil }
            return Absence(id: try row.decode(UUID.self, "id"), providerID: try row.decode(UUID?.self, "provider_id"),
                           kind: try row.decode(String.self, "kind"), note: try row.decode(String.self, "note"), stretches: stretches)
        }
    }
}
