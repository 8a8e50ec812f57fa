@testable import Booking
import Foundation
import Postgres
@testable import Queue
@testable import Receipts
import Testing
import TestSupport

/// The waitlist page's and the message log's statements on a realistic volume
/// (tens of thousands of waitlist entries, jobs, attempts and receipts,
/// analyzed): each reads its big table through the index its comment names,
/// never a sequential scan, so neither page slows as history grows.
@Suite("Business console query plans")
struct ConsoleQueryPlanTests {
    /// 30,000 entries over the salon's three locations, one in twenty still waiting.
    static let seedWaitlist = """
        WITH c AS (INSERT INTO customers (business_id, name) VALUES ($1, 'Volume') RETURNING business_id, id)
        INSERT INTO waitlist_entries (business_id, service_id, location_id, customer_id, wanted, status, created_at)
        SELECT c.business_id, $2, ($3::uuid[])[1 + i % 3], c.id,
               tstzmultirange(tstzrange(booknow_now() + make_interval(hours => i % 500), booknow_now() + make_interval(hours => i % 500 + 2))),
               CASE WHEN i % 20 = 0 THEN 'waiting' ELSE 'left' END, booknow_now() - make_interval(secs => 30000 - i)
        FROM c, generate_series(1, 30000) AS i
        """
    /// 60,000 finished message jobs of 20,000 bookings, an attempt each with a provider id, and a receipt per message.
    static let seedJobs = """
        INSERT INTO jobs (kind, queue, business_id, payload, state, attempt, finished_at)
        SELECT 'send_message', 'email', $1, jsonb_build_object('booking_id', md5((i % 20000)::text)::uuid, 'message', 'reminder'),
               'succeeded', 1, booknow_now()
        FROM generate_series(1, 60000) AS i
        """
    static let seedAttempts = """
        INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, provider_message_id)
        SELECT id, 1, 'w', booknow_now(), booknow_now(), 'succeeded', '<m' || id || '@volume>' FROM jobs
        """
    static let seedReceipts = """
        INSERT INTO message_receipts (provider, provider_message_id, channel, status)
        SELECT 'email', provider_message_id, 'email', 'delivered' FROM job_attempts
        """

    static func plan(_ sql: String, _ parameters: [(any PostgresEncodable)?], on connection: Connection) throws -> String {
        try connection.query("EXPLAIN " + sql, parameters).map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
    }

    @Test func theWaitlistAndMessageLogReadsUseTheirIndexes() throws {
        try SalonFixture.with(outbox: RecordingOutbox()) { salon in
            let business = salon.seeded.businessID
            try salon.pool.withConnection { connection in
                try connection.execute(Self.seedWaitlist, [business, salon.haircut, salon.seeded.locationIDs])
                try connection.execute(Self.seedJobs, [business])
                try connection.execute(Self.seedAttempts)
                try connection.execute(Self.seedReceipts)
                try connection.execute("ANALYZE waitlist_entries, jobs, job_attempts, message_receipts")

                let open = try Self.plan(WaitlistStore.selectOpenQueue, [business, salon.location, nil, nil, nil, 51], on: connection)
                #expect(open.contains("waitlist_open_by_location") && !open.contains("Seq Scan on waitlist_entries"), "\(open)")
                let left = try Self.plan(WaitlistStore.selectQueue, [business, salon.location, salon.haircut, salon.ava, nil, "left", 51],
                                         on: connection)
                #expect(left.contains("waitlist_by_location") && !left.contains("Seq Scan on waitlist_entries"), "\(left)")
                let entry = try connection.query("SELECT id FROM waitlist_entries LIMIT 1")[0].decode(UUID.self, "id")
                let next = try Self.plan(WaitlistStore.selectOpenQueue, [business, salon.location, nil, nil, entry, 51], on: connection)
                #expect(!next.contains("Seq Scan on waitlist_entries"), "\(next)")

                let booking = try connection.query("SELECT md5('7')::uuid AS id")[0].decode(UUID.self, "id")
                let jobs = try Self.plan(JobHistory.bookingJobsSQL, [booking, business, "send_message", 101], on: connection)
                #expect(jobs.contains("jobs_booking_idx") && !jobs.contains("Seq Scan"), "\(jobs)")
                let ids = try connection.query("SELECT id FROM jobs WHERE booking_id = $1", [booking]).map { try $0.decode(Int64.self, "id") }
                #expect(ids.count == 3)
                let attempts = try Self.plan(JobHistory.attemptsOfJobsSQL, [ids], on: connection)
                #expect(attempts.contains("job_attempts_job_idx") && !attempts.contains("Seq Scan"), "\(attempts)")
                let receipts = try Self.plan(ReceiptStore.selectForMessages, [ids.map { "<m\($0)@volume>" }], on: connection)
                #expect(receipts.contains("message_receipts_message_idx") && !receipts.contains("Seq Scan"), "\(receipts)")
            }
        }
    }
}
