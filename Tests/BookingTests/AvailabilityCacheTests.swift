import Booking
import Foundation
import Postgres
import Scheduling
import Testing
import TestSupport

/// Two "daemons" (two pools, two caches) against one database, compared with
/// the uncached engine after every change. Validation on read needs no hook to
/// wait for: a change is committed when its call returns, and the next read on
/// either daemon checks the versions that commit bumped. Heard places do: each
/// daemon applies what its listener hears until a marker sent after the change
/// arrives (`Daemons.catchUp`), never a sleep.
@Suite("Availability cache: the same answers as the database, on every daemon, after any change")
struct AvailabilityCacheTests {
    /// 1,000 steps in CI (about 8 s); the 10,000-step run (80 s, 0 differences) is
    /// `CACHE_PROPERTY_STEPS=10000 scripts/test --filter AvailabilityCacheTests`.
    static let steps = Int(ProcessInfo.processInfo.environment["CACHE_PROPERTY_STEPS"] ?? "") ?? 1_000
    static let seed = UInt64(ProcessInfo.processInfo.environment["CACHE_PROPERTY_SEED"] ?? "") ?? 0x5EED_CAFE

    @Test(arguments: [false, true])
    func randomChangesNeverLeaveEitherDaemonsCacheDifferentFromTheDatabase(heard: Bool) throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            try Daemons.with(salon, ttl: 3_600, hearing: heard) { daemons in
                var random = SplitMix64(seed: Self.seed)
                var world = World(salon: salon)
                try world.start()
                var differences = 0
                for step in 0..<Self.steps {
                    let change = try world.change(using: &random, stores: daemons.stores)
                    try daemons.catchUp(salon)
                    for _ in 0..<2 {
                        let question = world.question(using: &random)
                        let expected = world.answer(question, from: salon.store)
                        for (index, store) in daemons.stores.enumerated() {
                            let cached = world.answer(question, from: store)
                            if cached != expected {
                                differences += 1
                                if differences <= 5 {
                                    Issue.record("step \(step) (seed \(Self.seed)) after \(change): daemon \(index) answered \(cached) for \(question), the database \(expected)")
                                }
                            }
                        }
                    }
                }
                #expect(differences == 0)
                for cache in daemons.caches {
                    let figures = cache.statistics
                    #expect(figures.hits > 0 && figures.misses > 0 && figures.invalidations > 0, "\(figures)")
                    #expect((figures.heardReads > 0 && figures.changesHeard > 0) == heard, "\(figures)")
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func writersOutsideTheBookingCodeAndTruncationAreSeenAtOnce(heard: Bool) throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            try Daemons.with(salon, ttl: 3_600, hearing: heard) { daemons in
                var world = World(salon: salon)
                try world.start()
                let question = World.Question(days: 0..<5, provider: nil)
                func expectSame(_ note: Comment) throws {
                    try daemons.catchUp(salon)
                    let expected = world.answer(question, from: salon.store)
                    for store in daemons.stores { #expect(world.answer(question, from: store) == expected, note) }
                }
                try expectSame("warm")
                try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
                try expectSame("after a booking")
                // What booknowctl, an admin route or an operator's psql session does.
                try salon.pool.withConnection { connection in
                    try connection.execute("UPDATE bookings SET status = 'cancelled', cancelled_at = booknow_now() WHERE business_id = $1",
                                           [salon.seeded.businessID])
                }
                try expectSame("after a cancel in SQL")
                try salon.pool.withConnection { connection in
                    try connection.execute("INSERT INTO time_off (business_id, location_id, kind, dates) VALUES ($1, $2, 'holiday', daterange($3::date, $3::date, '[]'))",
                                           [salon.seeded.businessID, salon.location, salon.monday.adding(days: 1).description])
                }
                try expectSame("after a closure")
                try salon.pool.withConnection { try $0.execute("TRUNCATE time_off") }
                try expectSame("after TRUNCATE time_off")
                try salon.pool.withConnection { try $0.execute("TRUNCATE availability_rules") }
                try expectSame("after TRUNCATE availability_rules")
                #expect(world.answer(question, from: daemons.stores[1]) == "[]")
            }
        }
    }

    /// What hearing is for, and what happens without it: a change heard is
    /// answered at once with no round trip after; a change not yet heard is
    /// the staleness this mode accepts (here made visible on purpose); a lost
    /// listener validates every read; a new subscription starts over.
    @Test func heardPlacesAnswerWithoutARoundTripOnlyWhileEveryChangeIsHeard() throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            try Daemons.with(salon, ttl: 3_600, hearing: true) { daemons in
                var world = World(salon: salon)
                try world.start()
                try daemons.catchUp(salon)
                let (cache, store) = (daemons.caches[0], daemons.stores[0])
                let question = World.Question(days: 0..<5, provider: nil)
                let open = world.answer(question, from: salon.store)
                #expect(world.answer(question, from: store) == open && world.answer(question, from: store) == open)
                #expect(cache.statistics.heardReads == 1, "the second read made no round trip")

                let shortHorizon = "UPDATE businesses SET booking_horizon = interval '48 hours' WHERE id = $1"
                try salon.pool.withConnection { _ = try $0.execute(shortHorizon, [salon.seeded.businessID]) }
                let closed = world.answer(question, from: salon.store)
                #expect(closed != open)
                #expect(world.answer(question, from: store) == open, "not heard yet: the old policy, from memory")
                try daemons.catchUp(salon)
                #expect(world.answer(question, from: store) == closed)

                // The listener is lost: every read validates, and a change made meanwhile is seen.
                cache.lost()
                #expect(!cache.isTrusted)
                try salon.pool.withConnection { _ = try $0.execute("UPDATE businesses SET booking_horizon = interval '2160 hours' WHERE id = $1", [salon.seeded.businessID]) }
                let heardBefore = cache.statistics.heardReads
                #expect(world.answer(question, from: store) == open && world.answer(question, from: store) == open)
                #expect(cache.statistics.heardReads == heardBefore)
                // A subscription on a new connection (as after a reconnect) starts over.
                let again = try salon.database.connect()
                try cache.subscribe(again)
                try salon.pool.withConnection { _ = try $0.execute(shortHorizon, [salon.seeded.businessID]) }
                try Daemons.catchUp(salon, [(cache, again)])
                #expect(world.answer(question, from: store) == closed)
                #expect(world.answer(question, from: store) == closed && cache.statistics.heardReads > heardBefore)
            }
        }
    }

    /// A daemon's own write is never answered from before it: after `fence()`
    /// every read validates until a round trip sent after the write is
    /// answered (a write fenced while one is in flight waits for the next),
    /// and a new subscription starts with nothing pending.
    @Test func aFencedWriteIsReadFromTheDatabaseUntilTheFollowerHasProvedItHeard() throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            try Daemons.with(salon, ttl: 3_600, hearing: true) { daemons in
                var world = World(salon: salon)
                try world.start()
                try daemons.catchUp(salon)
                let (cache, store) = (daemons.caches[0], daemons.stores[0])
                let question = World.Question(days: 0..<5, provider: nil)
                let open = world.answer(question, from: store)
                #expect(world.answer(question, from: store) == open && cache.statistics.heardReads == 1)
                func setHorizon(_ hours: Int) throws {
                    try salon.pool.withConnection { _ = try $0.execute("UPDATE businesses SET booking_horizon = make_interval(hours => $2) WHERE id = $1",
                                                                       [salon.seeded.businessID, hours]) }
                }

                try setHorizon(48)
                cache.fence()
                #expect(!cache.isTrusted)
                let closed = world.answer(question, from: salon.store)
                #expect(closed != open)
                #expect(world.answer(question, from: store) == closed, "not heard yet, but this daemon's own write: validated")

                cache.proving()
                try setHorizon(2160)
                cache.fence()
                cache.confirmed()
                #expect(!cache.isTrusted, "the second write was fenced after the round trip was sent")
                #expect(world.answer(question, from: store) == open)
                try daemons.catchUp(salon)
                #expect(cache.isTrusted)
                let heard = cache.statistics.heardReads
                #expect(world.answer(question, from: store) == open && world.answer(question, from: store) == open)
                #expect(cache.statistics.heardReads > heard)

                cache.fence()
                try cache.subscribe(try salon.database.connect())
                #expect(cache.isTrusted, "every write fenced before a subscription committed before it")
            }
        }
    }

    @Test func unknownAndMismatchedIdsAnswerTheSameErrorsAsTheDatabase() throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            let cached = BookingStore(pool: salon.pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens,
                                      availabilityCache: AvailabilityCache(maxBytes: 1 << 20, ttl: 60))
            let range = salon.at(0)..<salon.at(0, days: 1)
            let elsewhere = try salon.pool.withConnection {
                try Catalog.providers(business: salon.seeded.businessID, location: salon.seeded.locationIDs[1], on: $0)[0].id
            }
            func code(_ store: BookingStore, location: UUID, service: UUID, provider: UUID?) -> String {
                do {
                    return "\(try store.availability(business: salon.seeded.businessID, location: location, service: service, provider: provider, in: range).slots.count) slots"
                } catch let error as BookingError {
                    return "\(error.code) \(error.schedulingCode ?? "")"
                } catch {
                    return "\(error)"
                }
            }
            let cases: [(UUID, UUID, UUID?)] = [
                (UUID(), salon.haircut, nil), (salon.location, UUID(), nil), (salon.location, salon.haircut, UUID()),
                (salon.location, salon.haircut, elsewhere), (salon.location, salon.haircut, salon.ava),
            ]
            for (location, service, provider) in cases {
                let expected = code(salon.store, location: location, service: service, provider: provider)
                #expect(code(cached, location: location, service: service, provider: provider) == expected)
            }
            try salon.pool.withConnection { try $0.execute("UPDATE businesses SET disabled_at = booknow_now() WHERE id = $1", [salon.seeded.businessID]) }
            #expect(code(cached, location: salon.location, service: salon.haircut, provider: nil)
                    == code(salon.store, location: salon.location, service: salon.haircut, provider: nil))
        }
    }

    @Test func aWriterThatDisablesTheTriggersIsBoundedByTheTTLOnTheDatabaseClock() throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            try Daemons.with(salon, ttl: 600) { daemons in
                var world = World(salon: salon)
                try world.start()
                let question = World.Question(days: 0..<1, provider: salon.ava)
                let before = world.answer(question, from: daemons.stores[0])
                try salon.pool.withConnection { connection in
                    try connection.execute("ALTER TABLE bookings DISABLE TRIGGER bookings_availability_changed")
                    defer { _ = try? connection.execute("ALTER TABLE bookings ENABLE TRIGGER bookings_availability_changed") }
                    try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
                }
                // The one way to fool validation: the daemon still has the day as it was.
                #expect(world.answer(question, from: daemons.stores[0]) == before)
                #expect(world.answer(question, from: salon.store) != before)
                try world.setClock(world.clock.addingTimeInterval(601))
                #expect(world.answer(question, from: daemons.stores[0]) == world.answer(question, from: salon.store))
                #expect(daemons.caches[0].statistics.expirations > 0)
            }
        }
    }

    @Test(arguments: [false, true])
    func aSmallBudgetEvictsAndStillAnswersTheSame(heard: Bool) throws {
        try Salon.with(outbox: RecordingOutbox()) { salon in
            let cache = try #require(AvailabilityCache.make(enabled: true, maxBytes: 4_096, ttl: 3_600))
            let store = BookingStore(pool: salon.pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens, availabilityCache: cache)
            var world = World(salon: salon)
            try world.start()
            let listener = try salon.database.connect()
            if heard { try cache.subscribe(listener) }
            for first in 0..<6 {
                for provider in [salon.ava, salon.ben, nil] {
                    let question = World.Question(days: first..<first + 2, provider: provider)
                    #expect(world.answer(question, from: store) == world.answer(question, from: salon.store))
                }
            }
            let figures = cache.statistics
            #expect(figures.evictions > 0 && figures.bytes <= 4_096 && (figures.places > 0) == heard, "\(figures)")
        }
    }

    @Test func cacheDisabledByConfigurationReadsTheDatabaseAndAnswersTheSame() throws {
        #expect(AvailabilityCache.make(enabled: false, maxBytes: 1 << 20, ttl: 60) == nil)
        try Salon.with(outbox: RecordingOutbox()) { salon in
            let off = BookingStore(pool: salon.pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens,
                                   availabilityCache: AvailabilityCache.make(enabled: false, maxBytes: 1 << 20, ttl: 60))
            let on = BookingStore(pool: salon.pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens,
                                  availabilityCache: AvailabilityCache.make(enabled: true, maxBytes: 1 << 20, ttl: 60))
            #expect(off.availabilityCache == nil)
            var world = World(salon: salon)
            try world.start()
            try salon.store.book(salon.request(salon.at(11), provider: salon.ben))
            for provider in [salon.ava, salon.ben, nil] {
                let question = World.Question(days: 0..<3, provider: provider)
                #expect(world.answer(question, from: off) == world.answer(question, from: on))
                #expect(world.answer(question, from: off) == world.answer(question, from: salon.store))
            }
        }
    }
}

/// Two daemons' worth of pools, caches and stores on the salon's database.
private struct Daemons {
    let caches: [AvailabilityCache]
    let stores: [BookingStore]
    /// Each cache's listener connection when it hears changes (the change follower's part, played by the test).
    let listeners: [Connection]

    /// `hearing`: each cache subscribes on a listener connection of its own.
    static func with(_ salon: Salon, ttl: TimeInterval, hearing: Bool = false, _ body: (Daemons) throws -> Void) throws {
        let pools = [salon.database.makePool(size: 2), salon.database.makePool(size: 2)]
        defer { pools.forEach { $0.close() } }
        let caches = pools.map { _ in AvailabilityCache(maxBytes: 8 << 20, ttl: ttl) }
        let stores = zip(pools, caches).map { pool, cache in
            BookingStore(pool: pool, outbox: salon.outbox, manageTokens: TestKeys.manageTokens, availabilityCache: cache)
        }
        let listeners: [Connection] = hearing ? try caches.map { cache in
            let connection = try salon.database.connect()
            try cache.subscribe(connection)
            return connection
        } : []
        try body(Daemons(caches: caches, stores: stores, listeners: listeners))
    }

    /// Sends a marker after everything committed so far and applies what each
    /// listener hears until it arrives (notifications come in commit order),
    /// then confirms the listener alive, as the follower's round trip would.
    func catchUp(_ salon: Salon) throws {
        guard !listeners.isEmpty else { return }
        try Self.catchUp(salon, Array(zip(caches, listeners)))
    }

    static func catchUp(_ salon: Salon, _ listening: [(AvailabilityCache, Connection)]) throws {
        for (cache, _) in listening { cache.proving() }
        let marker = UUID().uuidString
        _ = try salon.pool.withConnection { try $0.query("SELECT pg_notify($1, 'heard ' || $2)", [AvailabilityCache.channel, marker]) }
        for (cache, listener) in listening {
            let deadline = ContinuousClock.now + .seconds(10)
            while cache.marker != marker {
                try #require(ContinuousClock.now < deadline, "marker \(marker) not heard")
                cache.apply(try listener.waitForNotifications(timeout: .seconds(1)))
            }
            cache.confirmed()
        }
    }
}

/// The salon's week, the random changes made to it and the questions asked.
private struct World {
    struct Question: CustomStringConvertible {
        /// Days after the salon's Monday (local), end exclusive.
        var days: Range<Int>
        var provider: UUID?
        var description: String { "days \(days) provider \(provider.map { String($0.uuidString.prefix(8)) } ?? "any")" }
    }

    let salon: Salon
    var business: UUID { salon.seeded.businessID }
    /// `booknow_now()` as last set: always 7.5 minutes past a quarter hour, so
    /// notice and horizon (whole quarter hours) never fall on a slot while the
    /// three answers compared are read.
    var clock = Date()

    init(salon: Salon) { self.salon = salon }

    mutating func start() throws {
        try setClock(salon.at(10, 7, days: -2).addingTimeInterval(30))
    }

    mutating func setClock(_ instant: Date) throws {
        clock = instant
        try salon.setDatabaseNow(instant)
    }

    func question(using random: inout SplitMix64) -> Question {
        let first = Int.random(in: -1...7, using: &random)
        let providers: [UUID?] = [salon.ava, salon.ben, nil]
        return Question(days: first..<first + Int.random(in: 1...3, using: &random), provider: providers.randomElement(using: &random)!)
    }

    /// The slots, or the error's code, as text to compare.
    func answer(_ question: Question, from store: BookingStore) -> String {
        do {
            let range = salon.at(0, days: question.days.lowerBound)..<salon.at(0, days: question.days.upperBound)
            let slots = try store.availability(business: business, location: salon.location, service: salon.haircut,
                                               provider: question.provider, in: range).slots
            return "\(slots.map { "\(Int($0.start.timeIntervalSince1970))\($0.providerIDs.map { $0.uuidString.prefix(4) })" })"
        } catch let error as BookingError {
            return "error \(error.code)"
        } catch {
            return "failure \(error)"
        }
    }

    /// One random change, through a daemon's store or in SQL, as any writer
    /// would make it; a change the database refuses is a change too (none).
    mutating func change(using random: inout SplitMix64, stores: [BookingStore]) throws -> String {
        let providers = [salon.ava, salon.ben]
        let provider = providers.randomElement(using: &random)!
        let day = Int.random(in: -1...7, using: &random)
        let start = salon.at(Int.random(in: 7...18, using: &random), [0, 15, 30, 45].randomElement(using: &random)!, days: day)
        let kind = Int.random(in: 0..<100, using: &random)
        switch kind {
        case 0..<30:
            let store = ([salon.store] + stores).randomElement(using: &random)!
            let who: UUID? = Bool.random(using: &random) ? provider : nil
            do { try store.book(salon.request(start, provider: who)) } catch is BookingError { return "book refused" }
            return "book \(start) \(who == nil ? "any" : "one")"
        case 30..<42:
            return try sql("cancel", """
                UPDATE bookings SET status = 'cancelled', cancelled_at = booknow_now()
                WHERE id = (SELECT id FROM bookings WHERE business_id = $1 AND status IN ('confirmed', 'held') ORDER BY random() LIMIT 1)
                """, [business])
        case 42..<52:
            let minutes = [-60, -30, -15, 15, 30, 45, 90, 1_440].randomElement(using: &random)!
            return try sql("move \(minutes) min", """
                UPDATE bookings SET starts_at = starts_at + make_interval(mins => $2::int), ends_at = ends_at + make_interval(mins => $2::int),
                       blocked = tstzrange(lower(blocked) + make_interval(mins => $2::int), upper(blocked) + make_interval(mins => $2::int))
                WHERE id = (SELECT id FROM bookings WHERE business_id = $1 AND status IN ('confirmed', 'held') ORDER BY random() LIMIT 1)
                """, [business, minutes])
        case 52..<58:
            return try sql("hold", """
                UPDATE bookings SET status = 'held', hold_expires_at = booknow_now() + interval '15 minutes'
                WHERE id = (SELECT id FROM bookings WHERE business_id = $1 AND status = 'confirmed' ORDER BY random() LIMIT 1)
                """, [business])
        case 58..<63:
            return try sql("hold expired", """
                UPDATE bookings SET status = 'cancelled', hold_expires_at = NULL, cancelled_at = booknow_now()
                WHERE id = (SELECT id FROM bookings WHERE business_id = $1 AND status = 'held' ORDER BY random() LIMIT 1)
                """, [business])
        case 63..<68:
            let (from, to) = (Int.random(in: 6...12, using: &random), Int.random(in: 13...20, using: &random))
            return try sql("rule added", """
                INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time, valid_from)
                VALUES ($1, $2, $3::int, make_time($4::int, 0, 0), make_time($5::int, 30, 0), $6::date)
                """, [business, provider, Int.random(in: 1...7, using: &random), from, to, salon.monday.adding(days: day).description])
        case 68..<72:
            return try sql("rule changed", """
                UPDATE availability_rules SET end_time = make_time($3::int, 0, 0)
                WHERE id = (SELECT id FROM availability_rules WHERE business_id = $1 AND provider_id = $2 AND start_time < make_time($3::int, 0, 0)
                            ORDER BY random() LIMIT 1)
                """, [business, provider, Int.random(in: 12...20, using: &random)])
        case 72..<75:
            return try sql("rule removed", """
                DELETE FROM availability_rules WHERE id = (SELECT id FROM availability_rules WHERE business_id = $1 ORDER BY random() LIMIT 1)
                """, [business])
        case 75..<80:
            return try sql("time off", """
                INSERT INTO time_off (business_id, provider_id, kind, period)
                VALUES ($1, $2, 'personal', tstzrange($3::timestamptz, $3::timestamptz + make_interval(mins => $4::int)))
                """, [business, provider, start, Int.random(in: 1...12, using: &random) * 15])
        case 80..<83:
            return try sql("closure", """
                INSERT INTO time_off (business_id, location_id, kind, dates) VALUES ($1, $2, 'holiday', daterange($3::date, $3::date, '[]'))
                """, [business, salon.location, salon.monday.adding(days: day).description])
        case 83..<85:
            return try sql("weekly location block", """
                INSERT INTO time_off (business_id, location_id, kind, weekdays, start_time, end_time)
                VALUES ($1, $2, 'training', ARRAY[$3::int]::smallint[], '15:00', '16:30')
                """, [business, salon.location, Int.random(in: 1...7, using: &random)])
        case 85..<89:
            return try sql("time off removed", """
                DELETE FROM time_off WHERE id = (SELECT id FROM time_off WHERE business_id = $1 ORDER BY random() LIMIT 1)
                """, [business])
        case 89..<91:
            return try sql("service changed", """
                UPDATE services SET buffer_after = make_interval(mins => $3::int), slot_step = make_interval(mins => $4::int) WHERE business_id = $1 AND id = $2
                """, [business, salon.haircut, [0, 15, 30].randomElement(using: &random)!, [15, 30].randomElement(using: &random)!])
        case 91..<93:
            return try sql("policy changed", """
                UPDATE businesses SET min_notice = make_interval(mins => $2::int), booking_horizon = make_interval(hours => $3::int) WHERE id = $1
                """, [business, [0, 15, 120, 1_440].randomElement(using: &random)!, [48, 120, 2_160].randomElement(using: &random)!])
        case 93..<96:
            let quarters = Double(Int.random(in: -8...96, using: &random))
            try setClock(clock.addingTimeInterval(quarters * 900))
            return "clock moved \(Int(quarters) * 15) min"
        case 96..<98:
            return try sql("Ben's haircut toggled", """
                WITH gone AS (DELETE FROM provider_services WHERE business_id = $1 AND provider_id = $2 AND service_id = $3 RETURNING 1)
                INSERT INTO provider_services (business_id, provider_id, service_id) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM gone)
                """, [business, salon.ben, salon.haircut])
        default:
            return try sql("Ava moved", """
                UPDATE providers SET location_id = CASE WHEN location_id = $3 THEN $4 ELSE $3 END WHERE business_id = $1 AND id = $2
                """, [business, salon.ava, salon.location, salon.seeded.locationIDs[1]])
        }
    }

    private func sql(_ name: String, _ statement: String, _ parameters: [(any PostgresEncodable)?]) throws -> String {
        do {
            try salon.pool.withConnection { try $0.execute(statement, parameters) }
            return name
        } catch let error as PostgresError where error.isExclusionViolation || error.sqlState == "23514" {
            return "\(name) refused"
        }
    }
}

/// A seeded generator, so a failing sequence can be run again (Vigna's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49EB_133B_AAFD
        return z ^ (z >> 31)
    }
}
