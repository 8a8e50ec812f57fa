import Foundation
import Postgres
@testable import Queue
import Testing
import TestSupport

@Suite("Dead letters: list, show, replay with checks, discard")
struct DeadLetterTests {
    /// Runs jobs of kinds `doomed` and `guarded` to death, then hands the pool to `body`.
    private func withDeadJobs(_ body: (ConnectionPool, JobRegistry, [Int64], Worker) throws -> Void) throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            var kinds = JobRegistry()
            kinds.register("doomed") { job in
                log.record(job)
                return job.attempt == 1 ? .dead(Failure("smtp_550", "mailbox unavailable", providerReply: "550 5.1.1")) : .succeeded
            }
            kinds.register("guarded", replayCheck: { job, _ in job.businessID == business(7) ? "booking 7 was cancelled" : nil }) { _ in
                .dead(Failure("sms_21211", "invalid number"))
            }
            try withWorkers(pool: pool, registry: kinds) { workers in
                let ids = try pool.enqueue([
                    NewJob(kind: "doomed", businessID: business(1), payload: #"{"to":"a@example.com"}"#),
                    NewJob(kind: "doomed", businessID: business(2)),
                    NewJob(kind: "guarded", businessID: business(7)),
                ])
                #expect(workers[0].waitForCompletions(3, timeout: .seconds(10)))
                try body(pool, kinds, ids, workers[0])
            }
        }
    }

    @Test func listFiltersAndShowPrintsPayloadAndAttempts() throws {
        try withDeadJobs { pool, _, ids, _ in
            try pool.withConnection { connection in
                #expect(try DeadLetters.list(on: connection).count == 3)
                #expect(try DeadLetters.list(DeadJobFilter(businessID: business(2)), on: connection).map(\.id) == [ids[1]])
                #expect(try DeadLetters.list(DeadJobFilter(kind: "guarded"), on: connection).map(\.id) == [ids[2]])
                #expect(try DeadLetters.list(DeadJobFilter(since: Date().addingTimeInterval(3600)), on: connection).isEmpty)
                #expect(try DeadLetters.list(DeadJobFilter(limit: 1), on: connection).count == 1)
                let shown = try DeadLetters.show(ids[0], on: connection)
                #expect(shown.job.payload == #"{"to": "a@example.com"}"#)
                #expect(shown.attempts.map(\.providerReply) == ["550 5.1.1"])
                #expect(throws: QueueError.self) { try DeadLetters.show(999_999, on: connection) }
            }
        }
    }

    @Test func replayGivesOneMoreAttemptAndRecordsWho() throws {
        try withDeadJobs { pool, kinds, ids, worker in
            let report = try pool.withConnection { try DeadLetters.replay([ids[0], 424_242], by: "alice", registry: kinds, on: $0) }
            #expect(report.replayed == [ids[0]] && report.notFound == [424_242])
            #expect(worker.waitForCompletions(4, timeout: .seconds(10)))
            #expect(try pool.state(of: ids[0]) == JobSnapshot(.succeeded, 2))
            let who = try pool.scalar(String.self, "SELECT worker FROM job_attempts WHERE job_id = $1 AND outcome = 'replayed'", [ids[0]])
            #expect(who == "alice")
        }
    }

    @Test func replayAllAsksTheReplayCheckAndHonoursDryRun() throws {
        try withDeadJobs { pool, kinds, ids, _ in
            try pool.withConnection { connection in
                let dry = try DeadLetters.replayAll(DeadJobFilter(), by: "bob", registry: kinds, dryRun: true, on: connection)
                #expect(dry.replayed == [ids[0], ids[1]])
                #expect(dry.refused == [ReplayReport.Refusal(id: ids[2], reason: "booking 7 was cancelled")])
                #expect(try DeadLetters.list(on: connection).count == 3)
                let real = try DeadLetters.replayAll(DeadJobFilter(kind: "guarded"), by: "bob", registry: kinds, on: connection)
                #expect(real.replayed.isEmpty && real.refused.count == 1)
            }
            #expect(try pool.state(of: ids[2]).state == .dead)
        }
    }

    @Test func discardDeletesOnlyDeadJobs() throws {
        try withDeadJobs { pool, _, ids, _ in
            let discarded = try pool.withConnection { try DeadLetters.discard([ids[2], 424_242], by: "carol", on: $0) }
            #expect(discarded == [ids[2]])
            #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE id = $1", [ids[2]]) == 0)
            #expect(try pool.scalar(String.self, "SELECT outcome FROM job_attempts WHERE job_id = $1 ORDER BY id DESC LIMIT 1", [ids[2]]) == "discarded")
        }
    }
}

/// A fixed business id per small number, so filters can name them.
private func business(_ number: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
}
