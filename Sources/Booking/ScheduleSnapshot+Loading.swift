public import Foundation
public import Postgres
import Scheduling

extension ScheduleSnapshot {
    /// What `Header` reads of a location `l` and its business `b`: the zone,
    /// the policy and the database clock.
    static let placeColumns = """
        l.time_zone, extract(epoch FROM b.min_notice)::float8 AS min_notice,
               extract(epoch FROM b.booking_horizon)::float8 AS horizon,
               extract(epoch FROM b.cancellation_notice)::float8 AS cancellation_notice, booknow_now() AS now
        """
    /// What `Header` reads of a service `s`: lengths as elapsed seconds (the
    /// schema allows no days or months in them).
    static let serviceColumns = """
        extract(epoch FROM s.duration)::float8 AS duration, extract(epoch FROM s.buffer_before)::float8 AS buffer_before,
               extract(epoch FROM s.buffer_after)::float8 AS buffer_after, extract(epoch FROM s.slot_step)::float8 AS slot_step
        """
    /// The location, its business's policy and the database clock, by the two
    /// primary keys. A disabled business has nothing to book.
    static let selectLocation = """
        SELECT \(placeColumns)
        FROM locations l JOIN businesses b ON b.id = l.business_id
        WHERE l.business_id = $1 AND l.id = $2 AND b.disabled_at IS NULL
        """
    /// The service, by primary key.
    static let selectService = "SELECT \(serviceColumns) FROM services s WHERE s.business_id = $1 AND s.id = $2"
    /// Who offers the service at the location, in the order "any provider"
    /// tries them; provider_services' primary key finds each pairing.
    static let selectProviders = """
        SELECT p.id FROM providers p
        JOIN provider_services ps ON ps.business_id = p.business_id AND ps.provider_id = p.id AND ps.service_id = $3
        WHERE p.business_id = $1 AND p.location_id = $2
        ORDER BY p.name, p.id
        """
    /// Tells "no such provider" (404) from "not here or not this service" (422). Primary key.
    static let selectProviderExists = "SELECT 1 FROM providers WHERE business_id = $1 AND id = $2"
    /// Weekly rules in force on the dates asked about; availability_rules_by_provider.
    static let selectRules = """
        SELECT provider_id, weekday, extract(epoch FROM start_time)::int AS start_seconds,
               extract(epoch FROM end_time)::int AS end_seconds, valid_from::text AS valid_from, valid_until::text AS valid_until
        FROM availability_rules
        WHERE business_id = $1 AND provider_id = ANY($2::uuid[])
          AND (valid_until IS NULL OR valid_until >= $3::date) AND (valid_from IS NULL OR valid_from <= $4::date)
        """
    /// The providers' time off and the location's closures touching the span;
    /// a BitmapOr of time_off_by_provider and time_off_by_location.
    static let selectTimeOff = """
        SELECT provider_id, kind, period, lower(dates)::text AS first_date, (upper(dates) - 1)::text AS last_date,
               weekdays, extract(epoch FROM start_time)::int AS start_seconds, extract(epoch FROM end_time)::int AS end_seconds
        FROM time_off
        WHERE business_id = $1 AND (provider_id = ANY($2::uuid[]) OR location_id = $3)
          AND (period IS NULL OR period && tstzrange($4, $5))
          AND (dates IS NULL OR dates && daterange($6::date, $7::date, '[]'))
        """
    /// Live bookings overlapping the span, through the partial GiST index behind
    /// bookings_no_overlap; $6 leaves out the booking being moved.
    static let selectBooked = """
        SELECT provider_id, blocked FROM bookings
        WHERE business_id = $1 AND provider_id = ANY($2::uuid[]) AND status IN ('confirmed', 'held')
          AND blocked && tstzrange($3, $4) AND id IS DISTINCT FROM $5::uuid
        """

    /// Reads what the engine needs about `service` at `location` around `span`.
    ///
    /// - Parameters:
    ///   - provider: one provider (nil: everyone here who offers the service).
    ///   - excluding: a booking whose own time does not count (it is being moved).
    /// - Throws: `BookingError` `notFound` for an unknown location, service or
    ///   provider; `notBookable` (`service_not_offered`) for a provider who
    ///   works elsewhere or does not offer the service.
    public static func load(business: UUID, location: UUID, service serviceID: UUID, provider: UUID?,
                            around span: Range<Date>, excluding: UUID? = nil, on connection: Connection) throws -> ScheduleSnapshot {
        let header = try Header.read(business: business, location: location, service: serviceID, provider: provider, on: connection)
        let wide = widened(span)
        let clock = Scheduling.WallClock(header.zone)
        let (firstDate, lastDate) = (clock.localDate(of: wide.lowerBound).description, clock.localDate(of: wide.upperBound).description)
        let rows = try ScheduleRows.read(business: business, location: location, providers: header.providerIDs, between: wide,
                                         dates: (firstDate, lastDate), excluding: excluding, on: connection)
        let schedules = header.providerIDs.map { id in
            ProviderSchedule(provider: Provider(id: id, locationID: location, serviceIDs: [serviceID]), rules: rows.rules[id] ?? [],
                             timeOff: (rows.timeOff[id] ?? []) + rows.locationBlocks, booked: rows.booked[id] ?? [])
        }
        return header.snapshot(location: location, schedules: schedules, closures: rows.closures)
    }

    /// Two days either side: windows are expanded by a local date each way,
    /// and a blocked interval (with buffers) never spans a whole day.
    static func widened(_ span: Range<Date>) -> Range<Date> {
        span.lowerBound.addingTimeInterval(-2 * 86_400)..<span.upperBound.addingTimeInterval(2 * 86_400)
    }

    /// What a read needs besides the providers' rows: the location's zone, the
    /// policy and `booknow_now()`, the service, and who offers it here.
    struct Header {
        let zone: TimeZone
        let policy: BookingPolicy
        /// `booknow_now()` when read; a heard place's copy gets the read's own.
        var now: Date
        let cancellationNotice: TimeInterval
        let service: Service
        let providerIDs: [UUID]

        /// Runs `selectLocation`, `selectService` and `selectProviders`.
        static func read(business: UUID, location: UUID, service serviceID: UUID, provider: UUID?,
                         on connection: Connection) throws -> Header {
            guard let place = try connection.query(ScheduleSnapshot.selectLocation, [business, location]).first else { throw BookingError.notFound("location") }
            guard let row = try connection.query(ScheduleSnapshot.selectService, [business, serviceID]).first else { throw BookingError.notFound("service") }
            let offering = try connection.query(ScheduleSnapshot.selectProviders, [business, location, serviceID]).map { try $0.decode(UUID.self, "id") }
            return try Header(place: place, service: row, serviceID: serviceID, location: location,
                              providerIDs: try only(provider, of: offering, business: business, on: connection))
        }

        /// From a row with `selectLocation`'s columns (`place`) and one with `selectService`'s.
        init(place: Row, service row: Row, serviceID: UUID, location: UUID, providerIDs: [UUID]) throws {
            let zoneName = try place.decode(String.self, "time_zone")
            guard let zone = TimeZone(identifier: zoneName) else {
                throw BookingError(.invalid, "location \(location) has an unknown time zone '\(zoneName)'")
            }
            self.zone = zone
            policy = BookingPolicy(minimumNotice: try place.decode(Double.self, "min_notice"), horizon: try place.decode(Double.self, "horizon"))
            now = try place.decode(Date.self, "now")
            cancellationNotice = try place.decode(Double.self, "cancellation_notice")
            service = Service(id: serviceID, duration: try row.decode(Double.self, "duration"),
                              bufferBefore: try row.decode(Double.self, "buffer_before"),
                              bufferAfter: try row.decode(Double.self, "buffer_after"), slotStep: try row.decode(Double.self, "slot_step"))
            self.providerIDs = providerIDs
        }

        /// `[provider]` when it is one of `offering`, every one of them when nil.
        /// - Throws: `notFound` for an unknown provider, `notBookable` for one
        ///   who works elsewhere or does not offer the service.
        static func only(_ provider: UUID?, of offering: [UUID], business: UUID, on connection: Connection) throws -> [UUID] {
            guard let provider else { return offering }
            guard offering.contains(provider) else {
                if try connection.query(ScheduleSnapshot.selectProviderExists, [business, provider]).isEmpty { throw BookingError.notFound("provider") }
                throw BookingError(.notBookable, "this provider does not offer the service at this location",
                                   schedulingCode: SchedulingError.Code.serviceNotOffered.rawValue)
            }
            return [provider]
        }

        func snapshot(location: UUID, schedules: [ProviderSchedule], closures: [Closure]) -> ScheduleSnapshot {
            ScheduleSnapshot(
                finder: SlotFinder(location: Location(id: location, timeZone: zone), policy: policy, closures: closures),
                service: service, schedules: schedules, now: now, cancellationNotice: cancellationNotice)
        }
    }

    /// The providers' rules, time off, the location's closures and the live
    /// bookings touching a stretch of time, parsed.
    struct ScheduleRows {
        var rules: [UUID: [AvailabilityRule]] = [:]
        var timeOff: [UUID: [TimeOff]] = [:]
        var closures: [Closure] = []
        /// Weekly blocks of the whole location, which apply to every provider here.
        var locationBlocks: [TimeOff] = []
        var booked: [UUID: [Range<Date>]] = [:]

        /// Runs `selectRules`, `selectTimeOff` and `selectBooked` for `instants`
        /// and the local `dates` (`YYYY-MM-DD`, both inclusive).
        static func read(business: UUID, location: UUID, providers providerIDs: [UUID], between instants: Range<Date>,
                         dates: (first: String, last: String), excluding: UUID?, on connection: Connection) throws -> ScheduleRows {
            var rows = ScheduleRows()
            for row in try connection.query(ScheduleSnapshot.selectRules, [business, providerIDs, dates.first, dates.last]) {
                guard let weekday = Weekday(rawValue: try row.decode(Int.self, "weekday")) else { continue }
                rows.rules[try row.decode(UUID.self, "provider_id"), default: []].append(AvailabilityRule(
                    weekday: weekday, start: try ScheduleSnapshot.localTime(row, "start_seconds"), end: try ScheduleSnapshot.localTime(row, "end_seconds"),
                    validFrom: try ScheduleSnapshot.localDate(row.decode(String?.self, "valid_from")), validUntil: try ScheduleSnapshot.localDate(row.decode(String?.self, "valid_until"))))
            }
            let parameters: [(any PostgresEncodable)?] = [business, providerIDs, location, instants.lowerBound, instants.upperBound, dates.first, dates.last]
            for row in try connection.query(ScheduleSnapshot.selectTimeOff, parameters) {
                let kind = TimeOff.Kind(rawValue: try row.decode(String.self, "kind")) ?? .other
                let owner = try row.decode(UUID?.self, "provider_id")
                guard let period = try ScheduleSnapshot.timeOffPeriod(row) else { continue }
                if let owner {
                    rows.timeOff[owner, default: []].append(TimeOff(kind, period))
                    continue
                }
                switch period {
                case .once(let range): rows.closures.append(Closure(.instants(range)))
                case .dates(let dates): rows.closures.append(Closure(.dates(dates)))
                // A weekly closure of the whole location (say, Saturdays after 14:00) is
                // every provider's weekly block: Closure has no weekly shape.
                case .weekly: rows.locationBlocks.append(TimeOff(kind, period))
                }
            }
            for row in try connection.query(ScheduleSnapshot.selectBooked, [business, providerIDs, instants.lowerBound, instants.upperBound, excluding]) {
                rows.booked[try row.decode(UUID.self, "provider_id"), default: []].append(try row.decode(Range<Date>.self, "blocked"))
            }
            return rows
        }
    }

    /// The shape of a `time_off` row (`period`, `first_date`/`last_date`, or
    /// `weekdays` with `start_seconds`/`end_seconds`, as `selectTimeOff` names
    /// them); nil for a row of none (the schema's CHECKs allow none).
    static func timeOffPeriod(_ row: Row) throws -> TimeOff.Period? {
        if let period = try row.decode(Range<Date>?.self, "period") { return .once(period) }
        if let first = try localDate(row.decode(String?.self, "first_date")), let last = try localDate(row.decode(String?.self, "last_date")) {
            return .dates(first...last)
        }
        guard let days = try row.decode([Int]?.self, "weekdays") else { return nil }
        return .weekly(Set(days.compactMap(Weekday.init(rawValue:))), start: try localTime(row, "start_seconds"), end: try localTime(row, "end_seconds"))
    }

    private static func localTime(_ row: Row, _ column: String) throws -> LocalTime {
        let seconds = try row.decode(Int.self, column)
        guard (0...86_400).contains(seconds) else { throw PostgresError(.decode, "\(column) \(seconds) s is not a time of day") }
        return LocalTime(minutesSinceMidnight: seconds / 60)
    }

    /// `YYYY-MM-DD` as PostgreSQL prints a date.
    static func localDate(_ text: String?) throws -> LocalDate? {
        guard let text else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1, parts[2] <= 31 else {
            throw PostgresError(.decode, "'\(text)' is not a date the engine handles")
        }
        return LocalDate(year: parts[0], month: parts[1], day: parts[2])
    }
}
