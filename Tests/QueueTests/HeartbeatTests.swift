import Foundation
import Postgres
@testable import Queue
import Synchronization
import Testing
import TestSupport

/// A dead worker's jobs come back within the
/// heartbeat timeout, never a live one's; a worker that cannot beat fences
/// itself; a rescuer whose own beats broke off judges nobody. Time moves by
/// `booknow_now()`'s offset and an injected clock, never by sleeping.
@Suite("Heartbeats find dead workers; a worker that cannot beat fences itself")
struct HeartbeatTests {
    /// A ghost worker that beat once, at offset 0, and holds `job` on a long lease.
    private func ghostClaim(_ pool: ConnectionPool, name: String = "ghost") throws -> Int64 {
        let id = try #require(try pool.enqueue(NewJob(kind: "test")))
        try Heartbeats(pool: pool, worker: name, version: "test", timeout: .seconds(30), lease: .seconds(300)).beat()
        let claimed = try JobStore(pool: pool, worker: name, kinds: ["test"]).claim(queue: "default", capacity: 1, inFlight: 0, lease: .seconds(300))
        #expect(claimed.map(\.id) == [id])
        return id
    }

    /// A database where a ghost holds one job, and a started worker (the
    /// rescuer, beaten once at offset 0) that can run it.
    private func withGhostAndRescuer(_ body: (ConnectionPool, Int64, Worker, ExecutionLog) throws -> Void) throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 8)
            let id = try ghostClaim(pool)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded },
                            configuration: testConfiguration(lease: .seconds(300))) { workers in
                try workers[0].heartbeat()
                try body(pool, id, workers[0], log)
            }
        }
    }

    private func outcomes(_ pool: ConnectionPool, of id: Int64) throws -> [String] {
        try pool.withConnection {
            try $0.query("SELECT outcome FROM job_attempts WHERE job_id = $1 ORDER BY id", [id]).map { try $0.decode(String.self, "outcome") }
        }
    }

    @Test func aDeadWorkersJobIsRescuedOnceItsHeartbeatIsOlderThanTheTimeoutLongBeforeTheLease() throws {
        try withGhostAndRescuer { pool, id, rescuer, log in
            for offset in [0.0, 10, 20, 29] {
                try pool.setClockOffset(seconds: offset)
                try rescuer.heartbeat()
                #expect(try rescuer.runMaintenance().rescued == 0, "at +\(offset) s the ghost is not yet dead")
            }
            try pool.setClockOffset(seconds: 31)
            try rescuer.heartbeat()
            let report = try rescuer.runMaintenance()
            #expect(report.rescued == 1 && report.lost == 1)
            #expect(rescuer.waitForCompletions(1, timeout: .seconds(10)))
            #expect(log.counts == [id: 1])
            #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 2))
            #expect(try outcomes(pool, of: id) == ["worker_lost", "succeeded"])
            #expect(rescuer.metrics.lost == 1)
        }
    }

    @Test func aLiveWorkersRunningJobIsNeverRescuedWhileItBeats() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 12)
            let log = ExecutionLog()
            let started = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0)
            let kinds = registry(log: log) { _ in
                started.signal()
                finish.wait()
                return .succeeded
            }
            try withWorkers(2, pool: pool, registry: kinds, configuration: testConfiguration(lease: .seconds(300))) { workers in
                defer { finish.signal() }
                let id = try #require(try pool.enqueue(NewJob(kind: "test")))
                #expect(started.wait(timeout: .now() + 10) == .success)
                // An hour by the database clock (twelve leases), both workers beating
                // every 10 s of it: the beats renew the lease, so neither the heartbeat
                // rescue nor the lease backstop takes the job.
                for step in 0...360 {
                    try pool.setClockOffset(seconds: Double(step) * 10)
                    for worker in workers { try worker.heartbeat() }
                    let rescued = try workers.map { try $0.runMaintenance().rescued }
                    if step % 60 == 0 || rescued != [0, 0] {
                        #expect(rescued == [0, 0], "rescued at +\(step * 10) s")
                        #expect(try pool.state(of: id) == JobSnapshot(.running, 1))
                    }
                    if rescued != [0, 0] { break }
                }
                finish.signal()
                #expect(workers.allSatisfy { $0.waitUntilIdle(timeout: .seconds(10)) })
                #expect(log.counts == [id: 1])
                #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 1))
            }
        }
    }

    @Test func aWorkerThatCannotWriteItsHeartbeatForHalfTheTimeoutStopsClaimingUntilItCan() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 8)
            let log = ExecutionLog(), events = EventLog(), clock = ManualQueueClock()
            var configuration = testConfiguration()
            configuration.clock = clock
            configuration.events = { events.record($0) }
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded }, configuration: configuration) { workers in
                let worker = workers[0]
                try worker.heartbeat()
                let first = try #require(try pool.enqueue(NewJob(kind: "test")))
                #expect(worker.waitForCompletions(1, timeout: .seconds(10)))

                // The database refuses this worker's heartbeats; 14 s later it still
                // runs jobs, 16 s later (past half of 30 s) it claims nothing.
                try pool.withConnection { connection in
                    try connection.execute("""
                        CREATE FUNCTION refuse_heartbeat() RETURNS trigger LANGUAGE plpgsql
                            AS $$ BEGIN RAISE EXCEPTION 'heartbeat refused by the test'; END $$
                        """)
                    try connection.execute("""
                        CREATE TRIGGER refuse_heartbeat BEFORE INSERT OR UPDATE ON queue_workers
                            FOR EACH ROW EXECUTE FUNCTION refuse_heartbeat()
                        """)
                }
                #expect(throws: PostgresError.self) { try worker.heartbeat() }
                clock.advance(14)
                #expect(!worker.isFenced)
                clock.advance(2)
                #expect(worker.isFenced)
                // The claim loop notices at its next pass (one that began before the
                // clock moved may still finish its claim: the other half of the
                // timeout is the margin for that). From then on it claims nothing.
                #expect(worker.waitUntilFenced(timeout: .seconds(10)))
                let second = try #require(try pool.enqueue(NewJob(kind: "test")))
                #expect(worker.waitUntilFenced(timeout: .seconds(10)))
                #expect(worker.waitUntilFenced(timeout: .seconds(10)))
                #expect(log.counts == [first: 1])
                #expect(try pool.state(of: second) == JobSnapshot(.scheduled, 0))
                #expect(events.all.contains { if case .fenced = $0 { true } else { false } })
                #expect(events.all.contains { if case .failure(.heartbeat, _, _) = $0 { true } else { false } })

                try pool.withConnection { _ = try $0.execute("DROP TRIGGER refuse_heartbeat ON queue_workers") }
                try worker.heartbeat()
                #expect(!worker.isFenced)
                #expect(worker.waitForCompletions(2, timeout: .seconds(10)))
                #expect(log.counts == [first: 1, second: 1])
                #expect(events.all.contains { if case .unfenced = $0 { true } else { false } })
                #expect(events.all.contains { if case .recovered(.heartbeat, _) = $0 { true } else { false } })
            }
        }
    }

    @Test func aRescuerWhoseOwnHeartbeatsBrokeOffRescuesNothingUntilTheyHaveRunUnbrokenForTheTimeout() throws {
        try withGhostAndRescuer { pool, id, rescuer, log in
            // The rescuer was cut off too (a failover): its next beat comes 40 s
            // later, when every peer looks dead. It must wait a whole timeout.
            for offset in [40.0, 50, 60, 69] {
                try pool.setClockOffset(seconds: offset)
                try rescuer.heartbeat()
                #expect(try rescuer.runMaintenance().rescued == 0, "at +\(offset) s")
            }
            #expect(try pool.state(of: id) == JobSnapshot(.running, 1))
            try pool.setClockOffset(seconds: 71)
            try rescuer.heartbeat()
            #expect(try rescuer.runMaintenance().lost == 1)
            #expect(rescuer.waitForCompletions(1, timeout: .seconds(10)))
            #expect(log.counts == [id: 1])
        }
    }

    @Test func aCleanShutdownRemovesTheWorkersRow() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let worker = Worker(pool: pool, registry: registry(log: ExecutionLog()) { _ in .succeeded }, configuration: testConfiguration(name: "leaving"))
            try worker.start()
            try worker.heartbeat()
            #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM queue_workers WHERE name = 'leaving'") == 1)
            worker.shutdown(timeout: .seconds(5))
            #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM queue_workers WHERE name = 'leaving'") == 0)
        }
    }
}

@Suite("Failures are reported without flooding")
struct FailureReporterTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    @Test func aPartsFailuresAreReportedOncePerIntervalWithTheCountLeftOutThenItsRecovery() {
        let clock = ManualQueueClock(), events = EventLog()
        let reporter = FailureReporter(interval: .seconds(60), clock: clock, emit: { events.record($0) })
        for _ in 0..<5 {
            reporter.failed(.claim, Refused())
            clock.advance(10)
        }
        reporter.failed(.listener, Refused())
        clock.advance(11)
        reporter.failed(.claim, Refused())
        reporter.succeeded(.claim)
        reporter.succeeded(.claim)
        let lines = events.all.map { event -> String in
            switch event {
            case .failure(let part, let error, let suppressed): "\(part) \(error) +\(suppressed)"
            case .recovered(let part, let failures): "\(part) recovered after \(failures)"
            default: "other"
            }
        }
        #expect(lines == ["claim connection refused +0", "listener connection refused +0", "claim connection refused +4",
                          "claim recovered after 6"])
    }
}

@Suite("Retention rules prune other tables in batches")
struct RetentionRuleTests {
    @Test func rowsPastTheRetentionGoInBatchesAndRecentOnesStay() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 4)
            try pool.withConnection { connection in
                try connection.execute("CREATE TABLE notes (id int, created_at timestamptz NOT NULL DEFAULT booknow_now())")
                try connection.execute("CREATE INDEX notes_age ON notes (created_at)")
                // 12,000 rows older than a day (more than two batches), 10 recent.
                try connection.execute("INSERT INTO notes SELECT i, booknow_now() - interval '2 days' FROM generate_series(1, 12000) i")
                try connection.execute("INSERT INTO notes SELECT i, booknow_now() - interval '1 hour' FROM generate_series(1, 10) i")
            }
            let rule = RetentionRule(name: "notes", deleteSQL: """
                DELETE FROM notes WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM notes WHERE created_at < booknow_now() - make_interval(secs => $1) LIMIT $2))
                """, retention: .seconds(86400))
            var configuration = testConfiguration()
            configuration.retentionRules = [rule]
            let worker = Worker(pool: pool, registry: JobRegistry(), configuration: configuration)
            #expect(try worker.runMaintenance().pruned == ["notes": 12_000])
            #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM notes") == 10)
            try pool.setClockOffset(seconds: 86400)
            #expect(try worker.runMaintenance().pruned == ["notes": 10])
        }
    }
}
