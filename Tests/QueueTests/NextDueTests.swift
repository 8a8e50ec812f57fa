import Foundation
import Postgres
@testable import Queue
import Testing
import TestSupport

/// The two questions the claim index answers queue by queue: when a worker's
/// next job is due, and how late the oldest due job is.
@Suite("Next due and oldest due: each queue's own first row")
struct NextDueTests {
    /// Seconds from the database's now, within the few seconds a test takes.
    private func expectAbout(_ seconds: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let seconds else { Issue.record("no next due time", sourceLocation: sourceLocation); return }
        #expect(abs(seconds - expected) < 5, "\(seconds) s, expected about \(expected) s", sourceLocation: sourceLocation)
    }

    @Test func theNextDueTimeIsTheEarliestJobOfTheAskedQueuesThatThisWorkerCanRun() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 2)
            let store = JobStore(pool: pool, worker: "w-next", kinds: ["test"])
            _ = try pool.enqueue([
                NewJob(kind: "test", queue: "email", delay: .seconds(300)),
                // Earlier, but of a kind this worker has no handler for.
                NewJob(kind: "other", queue: "email", delay: .seconds(10)),
                NewJob(kind: "test", queue: "sms", delay: .seconds(200)),
                NewJob(kind: "test", queue: "default", delay: .seconds(100)),
                // A backlog of another queue, due before all of them.
            ] + (0..<500).map { _ in NewJob(kind: "test", queue: "bulk", delay: .seconds(-60)) })
            expectAbout(try store.secondsUntilNextDue(queues: ["email"]), 300)
            expectAbout(try store.secondsUntilNextDue(queues: ["email", "sms"]), 200)
            expectAbout(try store.secondsUntilNextDue(queues: ["email", "sms", "default"]), 100)
            expectAbout(try store.secondsUntilNextDue(queues: ["bulk", "default"]), -60)
            #expect(try store.secondsUntilNextDue(queues: ["empty"]) == nil)

            try pool.withConnection { try QueueControl.pause("default", by: "ops", reason: "test", on: $0) }
            expectAbout(try store.secondsUntilNextDue(queues: ["email", "sms", "default"]), 200)
            #expect(try store.secondsUntilNextDue(queues: ["default"]) == nil)
        }
    }

    @Test func theOldestDueJobIsTheLatestOfEveryQueuesFirst() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 2)
            func lateness() throws -> Double { try pool.withConnection { try QueueStatistics.fetch(on: $0) }.oldestDueLatenessSeconds }
            _ = try pool.enqueue([NewJob(kind: "test", queue: "email", delay: .seconds(60))])
            #expect(try lateness() == 0)
            _ = try pool.enqueue([
                NewJob(kind: "test", queue: "email", delay: .seconds(-10)),
                NewJob(kind: "test", queue: "sms", delay: .seconds(-90)),
                NewJob(kind: "test", queue: "default", delay: .seconds(-40)),
            ])
            expectAbout(try lateness(), 90)
            // A job that is no longer claimable does not count.
            try pool.withConnection { try $0.execute("UPDATE jobs SET state = 'running' WHERE queue = 'sms'") }
            expectAbout(try lateness(), 40)
        }
    }
}
