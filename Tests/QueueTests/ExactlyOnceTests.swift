import Foundation
import Postgres
@testable import Queue
import Testing
import TestSupport

@Suite("Claims hand each job to one worker at a time; lost workers are rescued")
struct ExactlyOnceTests {
    @Test func threeWorkersRunThreeThousandJobsEachExactlyOnce() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 12)
            let log = ExecutionLog()
            let total = 3_000
            try withWorkers(3, pool: pool, registry: registry(log: log) { _ in .succeeded },
                            configuration: testConfiguration(queues: ["default": 8, "other": 2])) { workers in
                for chunk in stride(from: 0, to: total, by: 500) {
                    _ = try pool.enqueue((chunk..<chunk + 500).map { i in NewJob(kind: "test", queue: i % 5 == 0 ? "other" : "default") })
                }
                let done = workers.allSatisfy { $0.waitUntilIdle(timeout: .seconds(60)) }
                #expect(done)
                #expect(log.counts.count == total)
                #expect(log.counts.values.allSatisfy { $0 == 1 })
                #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE state = 'succeeded'") == total)
                #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM job_attempts") == total)
                #expect(workers.map { $0.metrics.claimed.values.reduce(0, +) }.reduce(0, +) == total)
            }
        }
    }

    /// A worker that claims and is then abandoned (killed) never answers; after
    /// its lease the rescuer returns the job and a live worker runs it again.
    @Test func aJobOfAWorkerKilledMidJobIsRescuedAfterTheLeaseAndRunOnceMore() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let id = try #require(try pool.enqueue(NewJob(kind: "test")))
            let ghost = JobStore(pool: pool, worker: "ghost", kinds: ["test"])
            let claimed = try ghost.claim(queue: "default", capacity: 1, inFlight: 0, lease: .seconds(60))
            #expect(claimed.map(\.id) == [id])

            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded }) { workers in
                #expect(workers[0].waitUntilIdle(timeout: .seconds(10)))
                #expect(log.total == 0)
                #expect(try workers[0].runMaintenance().rescued == 0)
                try pool.setClockOffset(seconds: 61)
                // The worker also rescues once as it starts; on a loaded host that
                // run can come after the clock moved and take the job first, so the
                // rescue is counted in the job's history below, not in this call.
                _ = try workers[0].runMaintenance()
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(log.counts == [id: 1])
                #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 2))
                let outcomes = try pool.withConnection {
                    try $0.query("SELECT outcome FROM job_attempts WHERE job_id = $1 ORDER BY id", [id]).map { try $0.decode(String.self, "outcome") }
                }
                #expect(outcomes == ["lease_expired", "succeeded"])
                // The ghost's late answer changes nothing: the guard sees another owner.
                let late = Completion(job: claimed[0], outcome: .dead(Failure("late", "too late")), policy: .default, random: 0.5, duration: .zero)
                #expect(try pool.withConnection { try Completion.write([late], worker: "ghost", on: $0) }.isEmpty)
                #expect(try pool.state(of: id).state == .succeeded)
            }
        }
    }

    /// Found by resilience/run: daemons killed every few seconds never lived
    /// through a maintenance interval, so nobody rescued the killed ones' claims.
    @Test func aWorkerRescuesExpiredLeasesAsSoonAsItStarts() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let id = try #require(try pool.enqueue(NewJob(kind: "test")))
            _ = try JobStore(pool: pool, worker: "ghost", kinds: ["test"]).claim(queue: "default", capacity: 1, inFlight: 0, lease: .seconds(1))
            try pool.setClockOffset(seconds: 5)
            let log = ExecutionLog()
            // testConfiguration's maintenance interval is an hour: only the start-up rescue can run the job.
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded }) { workers in
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(log.counts == [id: 1])
                let state = try pool.state(of: id)
                #expect(state == JobSnapshot(.succeeded, 2))
            }
        }
    }

    @Test func anExpiredLeaseWithNoAttemptLeftIsDead() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 4)
            let id = try #require(try pool.enqueue(NewJob(kind: "test", maxAttempts: 1)))
            _ = try JobStore(pool: pool, worker: "ghost", kinds: ["test"]).claim(queue: "default", capacity: 1, inFlight: 0, lease: .seconds(1))
            try pool.setClockOffset(seconds: 5)
            let maintenance = Maintenance(pool: pool, periodic: [], finishedRetention: .seconds(3600),
                                          deadRetention: .seconds(3600), attemptRetention: .seconds(3600))
            #expect(try maintenance.rescue().rescued == 1)
            #expect(try pool.state(of: id) == JobSnapshot(.dead, 1))
        }
    }
}
