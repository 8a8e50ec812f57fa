public import Foundation
public import Postgres
import Scheduling

extension ScheduleSnapshot {
    /// Everything a cached read needs from the database, in one round trip:
    /// `selectLocation`'s and `selectService`'s columns (NULL when the service
    /// is unknown), and `selectProviders`' ids in its order with the versions
    /// the cache validates against — each provider's and the location's
    /// (`availability_versions`, primary key; 0 for an owner never changed).
    /// Versions are read before any rows a miss fetches, so those rows are at
    /// least as new as the stamp they are kept under.
    static let selectCachedHeader = """
        SELECT \(placeColumns), s.id IS NOT NULL AS service_found, \(serviceColumns),
               coalesce(lv.version, 0) AS location_version, o.ids AS provider_ids, o.versions AS provider_versions
        FROM locations l
        JOIN businesses b ON b.id = l.business_id
        LEFT JOIN services s ON s.business_id = l.business_id AND s.id = $3
        LEFT JOIN availability_versions lv ON lv.business_id = l.business_id AND lv.owner_id = l.id
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(p.id ORDER BY p.name, p.id), '{}') AS ids,
                   coalesce(array_agg(coalesce(v.version, 0) ORDER BY p.name, p.id), '{}') AS versions
            FROM providers p
            JOIN provider_services ps ON ps.business_id = p.business_id AND ps.provider_id = p.id AND ps.service_id = $3
            LEFT JOIN availability_versions v ON v.business_id = p.business_id AND v.owner_id = p.id
            WHERE p.business_id = $1 AND p.location_id = $2) o
        WHERE l.business_id = $1 AND l.id = $2 AND b.disabled_at IS NULL
        """

    /// The same snapshot as `load` (same slots for every range inside `span`),
    /// with the providers' rows taken from `cache` where their versions still
    /// hold and read (then kept) per UTC day where they do not. When the cache
    /// holds a heard place for the location and service, the versions, zone,
    /// policy and offering come from it and the read may need no round trip.
    ///
    /// Only for reads outside a transaction that writes: rows read here must
    /// be committed ones, and a moved booking is never excluded.
    public static func load(business: UUID, location: UUID, service serviceID: UUID, provider: UUID?,
                            around span: Range<Date>, cache: AvailabilityCache, on connection: Connection) throws -> ScheduleSnapshot {
        let key = AvailabilityCache.PlaceKey(business: business, location: location, service: serviceID)
        if let place = cache.place(key), provider.map(place.header.providerIDs.contains) ?? true {
            return try assemble(place, heard: true, provider: provider, key: key, around: span, cache: cache, on: connection)
        }
        let ticket = cache.ticket(for: business)
        guard let row = try connection.query(selectCachedHeader, [business, location, serviceID]).first else { throw BookingError.notFound("location") }
        guard try row.decode(Bool.self, "service_found") else { throw BookingError.notFound("service") }
        let offering = try row.decode([UUID].self, "provider_ids")
        let header = try Header(place: row, service: row, serviceID: serviceID, location: location, providerIDs: offering)
        let locationVersion = try row.decode(Int64.self, "location_version")
        var stamps: [UUID: AvailabilityCache.Stamp] = [:]
        for (id, version) in zip(offering, try row.decode([Int64].self, "provider_versions")) {
            stamps[id] = AvailabilityCache.Stamp(provider: version, location: locationVersion)
        }
        let place = AvailabilityCache.Place(header: header, stamps: stamps)
        if let ticket { cache.keep(place, key, ticket: ticket) }
        _ = try Header.only(provider, of: offering, business: business, on: connection)
        return try assemble(place, heard: false, provider: provider, key: key, around: span, cache: cache, on: connection)
    }

    /// The snapshot of `place` for `provider` (one of its offering, or nil for
    /// all): each provider's days from `cache` under the place's versions,
    /// those missing read in one pass on `connection` and kept. `heard`: the
    /// place came from the cache, so with every day kept no round trip is made.
    private static func assemble(_ place: AvailabilityCache.Place, heard: Bool, provider: UUID?, key placeKey: AvailabilityCache.PlaceKey,
                                 around span: Range<Date>, cache: AvailabilityCache, on connection: Connection) throws -> ScheduleSnapshot {
        let (business, location, header) = (placeKey.business, placeKey.location, place.header)
        let providerIDs = provider.map { [$0] } ?? header.providerIDs
        let days = dayNumbers(covering: widened(span))
        var found: [AvailabilityCache.Key: AvailabilityCache.Day] = [:]
        var missing: [(key: AvailabilityCache.Key, stamp: AvailabilityCache.Stamp)] = []
        for id in providerIDs {
            guard let stamp = place.stamps[id] else { continue }
            for day in days {
                let key = AvailabilityCache.Key(business: business, location: location, provider: id, day: day)
                if let entry = cache.day(key, stamp: stamp, now: header.now) { found[key] = entry } else { missing.append((key, stamp)) }
            }
        }
        if missing.isEmpty {
            if heard { cache.countHeardRead() }
        } else {
            let fetched = try fetch(missing, business: business, location: location, now: header.now, on: connection)
            for (key, entry) in fetched {
                cache.store(key, entry)
                found[key] = entry
            }
        }

        var closures = Distinct<Closure>()
        let schedules = providerIDs.map { id in
            var (rules, timeOff, blocks, booked) = (Distinct<AvailabilityRule>(), Distinct<TimeOff>(), Distinct<TimeOff>(), Distinct<Range<Date>>())
            for day in days {
                guard let entry = found[AvailabilityCache.Key(business: business, location: location, provider: id, day: day)] else { continue }
                rules.insert(entry.rules)
                timeOff.insert(entry.timeOff)
                blocks.insert(entry.locationBlocks)
                booked.insert(entry.booked)
                closures.insert(entry.closures)
            }
            return ProviderSchedule(provider: Provider(id: id, locationID: location, serviceIDs: [placeKey.service]), rules: rules.items,
                                    timeOff: timeOff.items + blocks.items, booked: booked.items)
        }
        return header.snapshot(location: location, schedules: schedules, closures: closures.items)
    }

    /// The UTC days (days since 1970-01-01) holding any instant of `instants`,
    /// its end included so that local dates reaching past it are covered too.
    static func dayNumbers(covering instants: Range<Date>) -> ClosedRange<Int> {
        let day = { (instant: Date) in Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)) }
        return day(instants.lowerBound)...day(instants.upperBound)
    }

    /// Reads the missing days in one pass (the three queries of `load`, over
    /// the stretch from the first missing day to the last, for the providers
    /// with any missing) and splits the rows into one entry per day.
    ///
    /// A day's entry holds every row touching its instants, and every row with
    /// local dates within a date of its UTC date: a location's dates are never
    /// more than one date from UTC's, so the days covering `load`'s stretch
    /// hold every row `load` reads. Rows a little outside it are harmless: the
    /// engine only looks at the dates and instants it is asked about.
    private static func fetch(_ missing: [(key: AvailabilityCache.Key, stamp: AvailabilityCache.Stamp)], business: UUID, location: UUID,
                              now: Date, on connection: Connection) throws -> [(AvailabilityCache.Key, AvailabilityCache.Day)] {
        let providers = Distinct(missing.map(\.key.provider)).items
        let first = missing.map(\.key.day).min() ?? 0, last = missing.map(\.key.day).max() ?? 0
        let instants = Date(timeIntervalSince1970: Double(first) * 86_400)..<Date(timeIntervalSince1970: Double(last + 1) * 86_400)
        let dates = (LocalDate(dayNumber: first - 1).description, LocalDate(dayNumber: last + 1).description)
        let rows = try ScheduleRows.read(business: business, location: location, providers: providers, between: instants,
                                         dates: dates, excluding: nil, on: connection)
        return missing.map { key, stamp in
            let day = key.day
            let instants = Date(timeIntervalSince1970: Double(day) * 86_400)..<Date(timeIntervalSince1970: Double(day + 1) * 86_400)
            let dates = LocalDate(dayNumber: day - 1)...LocalDate(dayNumber: day + 1)
            func touches(_ period: TimeOff.Period) -> Bool {
                switch period {
                case .once(let range): range.overlaps(instants)
                case .dates(let range): range.overlaps(dates)
                case .weekly: true
                }
            }
            func touches(_ closure: Closure) -> Bool {
                switch closure.period {
                case .instants(let range): range.overlaps(instants)
                case .dates(let range): range.overlaps(dates)
                }
            }
            let rules = (rows.rules[key.provider] ?? []).filter { rule in
                (rule.validFrom.map { $0 <= dates.upperBound } ?? true) && (rule.validUntil.map { $0 >= dates.lowerBound } ?? true)
            }
            return (key, AvailabilityCache.Day(
                stamp: stamp, readAt: now, rules: rules, timeOff: (rows.timeOff[key.provider] ?? []).filter { touches($0.period) },
                closures: rows.closures.filter(touches), locationBlocks: rows.locationBlocks.filter { touches($0.period) },
                booked: (rows.booked[key.provider] ?? []).filter { $0.overlaps(instants) }))
        }
    }
}

/// Values in first-seen order without repeats: a row touching several days is
/// in each day's entry, and the engine needs it once.
private struct Distinct<Value: Hashable> {
    private(set) var items: [Value] = []
    private var seen: Set<Value> = []

    init() {}

    init(_ values: some Sequence<Value>) { insert(values) }

    mutating func insert(_ values: some Sequence<Value>) {
        for value in values where seen.insert(value).inserted { items.append(value) }
    }
}
