import Foundation
import Postgres
import Testing
import TestSupport

@Suite("The booking schema: no double booking, no cross-tenant references, elapsed-time policies")
struct BookingSchemaTests {
    let nine = Date(timeIntervalSince1970: 1_800_000_000)

    func withTenants(_ body: (Connection, Tenant, Tenant) throws -> Void) throws {
        try TestDatabase.with { db in
            let conn = try db.connect()
            try conn.execute(Tenant.tokenFunction)
            try body(conn, try Tenant.create(conn, name: "Salon A"), try Tenant.create(conn, name: "Salon B"))
        }
    }

    @Test func anOverlappingLiveBookingOfTheSameProviderIsRejected() throws {
        try withTenants { conn, a, _ in
            try a.book(conn, provider: a.providers[0], at: nine)
            for status in ["confirmed", "held"] {
                // Starts during the first booking's cleanup (9:30–9:45).
                let error = try #require(throws: PostgresError.self) {
                    try a.book(conn, provider: a.providers[0], at: nine.addingTimeInterval(35 * 60), status: status)
                }
                #expect(error.isExclusionViolation && error.sqlState == "23P01" && error.constraint == "bookings_no_overlap")
            }
        }
    }

    @Test func anotherProviderACancelledBookingOrATouchingOneDoNotConflict() throws {
        try withTenants { conn, a, _ in
            let first = try a.book(conn, provider: a.providers[0], at: nine)
            try a.book(conn, provider: a.providers[1], at: nine)
            try a.book(conn, provider: a.providers[0], at: nine.addingTimeInterval(45 * 60))
            try conn.execute("""
                UPDATE bookings SET status = 'cancelled', cancelled_at = booknow_now(), version = version + 1
                WHERE business_id = $1 AND id = $2
                """, [a.business, first])
            try a.book(conn, provider: a.providers[0], at: nine.addingTimeInterval(-15 * 60))
            try a.book(conn, provider: a.providers[0], at: nine.addingTimeInterval(-15 * 60), status: "completed")
            let live = try conn.query("SELECT count(*)::int AS n FROM bookings WHERE status IN ('confirmed', 'held')")[0].decode(Int.self, "n")
            #expect(live == 3)
        }
    }

    @Test func rowsCannotReferenceAnotherBusinesssRows() throws {
        try withTenants { conn, a, b in
            let attempts: [() throws -> Void] = [
                { try a.book(conn, provider: b.providers[0], at: nine) },
                { try a.book(conn, provider: a.providers[0], at: nine, location: b.location) },
                { try a.book(conn, provider: a.providers[0], at: nine, service: b.service) },
                { try a.book(conn, provider: a.providers[0], at: nine, customer: b.customer) },
                { try conn.execute("INSERT INTO provider_services VALUES ($1, $2, $3)", [a.business, a.providers[0], b.service]) },
                { try conn.execute("INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, 'X')", [a.business, b.location]) },
                { try conn.execute("INSERT INTO time_off (business_id, provider_id, kind, dates) VALUES ($1, $2, 'holiday', '[2027-01-01,2027-01-02)')",
                                   [a.business, b.providers[0]]) },
            ]
            for attempt in attempts {
                let error = try #require(throws: PostgresError.self) { try attempt() }
                #expect(error.isForeignKeyViolation, "\(error)")
            }
        }
    }

    @Test func policiesAreElapsedTimeWithSensibleDefaults() throws {
        try withTenants { conn, a, _ in
            let row = try conn.query("""
                SELECT extract(epoch FROM cancellation_notice)::int AS notice, waitlist_policy,
                       array_to_string(reminder_offsets, ',') AS offsets, extract(epoch FROM waitlist_hold)::int AS hold
                FROM businesses WHERE id = $1
                """, [a.business])[0]
            #expect(try row.decode(Int.self, "notice") == 86_400 && row.decode(String.self, "waitlist_policy") == "hold")
            #expect(try row.decode(String.self, "offsets") == "24:00:00,01:00:00" && row.decode(Int.self, "hold") == 900)
            let rejected = [
                "UPDATE services SET duration = '1 day' WHERE business_id = $1",
                "UPDATE services SET slot_step = '90 seconds' WHERE business_id = $1",
                "UPDATE businesses SET reminder_offsets = '{24 hours,-1 hour}' WHERE id = $1",
                "UPDATE businesses SET waitlist_policy = 'lottery' WHERE id = $1",
                "INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time) SELECT $1, id, 0, '09:00', '17:00' FROM providers WHERE business_id = $1",
                "INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time) SELECT $1, id, 1, '17:00', '09:00' FROM providers WHERE business_id = $1",
                "INSERT INTO time_off (business_id, location_id, kind) VALUES ($1, (SELECT id FROM locations WHERE business_id = $1), 'holiday')",
            ]
            for sql in rejected {
                let error = try #require(throws: PostgresError.self, "\(sql)") { try conn.execute(sql, [a.business]) }
                #expect(error.sqlState == "23514", "\(sql): \(error)")
            }
            try conn.execute("""
                INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
                SELECT $1, id, 7, '22:00', '24:00' FROM providers WHERE business_id = $1
                """, [a.business])
        }
    }

    @Test func aLocationClosureAndAWeeklyLunchAreEachOneShape() throws {
        try withTenants { conn, a, _ in
            try conn.execute("INSERT INTO time_off (business_id, location_id, kind, dates) VALUES ($1, $2, 'holiday', '[2027-12-25,2027-12-27)')",
                             [a.business, a.location])
            try conn.execute("""
                INSERT INTO time_off (business_id, provider_id, kind, weekdays, start_time, end_time)
                VALUES ($1, $2, 'lunch', '{1,2,3,4,5}', '12:00', '13:00')
                """, [a.business, a.providers[0]])
            let both = try #require(throws: PostgresError.self) {
                try conn.execute("""
                    INSERT INTO time_off (business_id, provider_id, location_id, kind, period)
                    VALUES ($1, $2, $3, 'personal', tstzrange(now(), now() + interval '1 hour'))
                    """, [a.business, a.providers[0], a.location])
            }
            #expect(both.sqlState == "23514")
        }
    }
}
