import Foundation
import Postgres
@testable import Queue
import Testing
import TestSupport

@Suite("Enqueue: batches, dedupe keys, notifications, pruning")
struct EnqueueTests {
    @Test func aDedupeKeyAdmitsOneJobEvenWithinABatch() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 2)
            let first = try pool.enqueue(NewJob(kind: "test", dedupeKey: "booking:1:v1:24h:email"))
            #expect(first != nil)
            #expect(try pool.enqueue(NewJob(kind: "test", dedupeKey: "booking:1:v1:24h:email")) == nil)
            let batch = try pool.enqueue([
                NewJob(kind: "test", dedupeKey: "k2"), NewJob(kind: "test", dedupeKey: "k2"), NewJob(kind: "test"), NewJob(kind: "test"),
            ])
            #expect(batch.count == 3)
            #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM jobs") == 4)
        }
    }

    @Test func cancellingByDedupeKeyWithdrawsOnlyJobsNotYetStarted() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 2)
            let ids = try pool.enqueue([
                NewJob(kind: "test", delay: .seconds(600), dedupeKey: "b1:24h"), NewJob(kind: "test", dedupeKey: "b1:1h"),
                NewJob(kind: "test", dedupeKey: "b2:1h"),
            ])
            _ = try JobStore(pool: pool, worker: "w", kinds: ["test"]).claim(queue: "default", capacity: 1, inFlight: 0, lease: .seconds(60))
            let cancelled = try pool.withTransaction { try Jobs.cancel(dedupeKeys: ["b1:24h", "b1:1h"], reason: "booking cancelled", on: $0) }
            #expect(cancelled == 1)
            #expect(try pool.state(of: ids[0]).state == .cancelled)
            #expect(try pool.state(of: ids[1]).state == .running)
            #expect(try pool.state(of: ids[2]).state == .scheduled)
        }
    }

    @Test func aFinishedJobKeepsItsKeyUntilPruned() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded }) { workers in
                #expect(try pool.enqueue(NewJob(kind: "test", dedupeKey: "once")) != nil)
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(try pool.enqueue(NewJob(kind: "test", dedupeKey: "once")) == nil)
                try pool.setClockOffset(seconds: 3601)
                #expect(try workers[0].runMaintenance().prunedJobs == 1)
                #expect(try pool.enqueue(NewJob(kind: "test", dedupeKey: "once")) != nil)
            }
        }
    }

    @Test func oldHistoryIsPrunedAfterItsRetention() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .dead(Failure("x", "y")) }) { workers in
                _ = try pool.enqueue(NewJob(kind: "test"))
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                try pool.setClockOffset(seconds: 3601)
                #expect(try workers[0].runMaintenance() == MaintenanceReport())
                try pool.setClockOffset(seconds: 31 * 86400)
                let report = try workers[0].runMaintenance()
                #expect(report.prunedJobs == 1 && report.prunedAttempts == 1)
            }
        }
    }

    /// Notifications are delivered at commit, folded to one per transaction.
    @Test func jobsDueNowNotifyOncePerTransactionAndFutureJobsNotAtAll() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 2)
            let listener = try db.connect()
            try listener.listen(Jobs.channel)
            try pool.withTransaction { connection in
                try Jobs.enqueue((0..<50).map { _ in NewJob(kind: "test") }, on: connection)
                try Jobs.enqueue(NewJob(kind: "test"), on: connection)
            }
            #expect(try listener.waitForNotifications(timeout: .seconds(2)).count == 1)
            _ = try pool.enqueue(NewJob(kind: "test", delay: .seconds(3600)))
            #expect(try listener.waitForNotifications(timeout: .milliseconds(300)).isEmpty)
        }
    }

    /// The poll interval is 30 s: finishing within 20 s proves LISTEN/NOTIFY woke the worker.
    @Test func aJobEnqueuedForNowRunsLongBeforeThePollInterval() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded },
                            configuration: testConfiguration(pollInterval: .seconds(30))) { workers in
                #expect(workers[0].waitUntilIdle(timeout: .seconds(10)))
                Thread.sleep(forTimeInterval: 0.3)  // let the loop settle into its 30 s sleep
                _ = try pool.enqueue(NewJob(kind: "test"))
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(20)))
                #expect(workers[0].health.isHealthy)
            }
        }
    }
}
