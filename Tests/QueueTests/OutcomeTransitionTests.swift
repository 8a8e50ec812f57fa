import Foundation
import Postgres
@testable import Queue
import Testing
import TestSupport

@Suite("Each outcome moves the job to the state the queue's state machine says")
struct OutcomeTransitionTests {
    /// Runs one job whose handler returns `outcome`; returns the pool and job id afterwards.
    private func runOne(
        _ job: NewJob = NewJob(kind: "test"), retry: RetryPolicy = .default, outcome: @escaping @Sendable (Job) -> Outcome,
        check: (ConnectionPool, Int64) throws -> Void
    ) throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log, retry: retry, outcome)) { workers in
                let id = try #require(try pool.enqueue(job))
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                try check(pool, id)
            }
        }
    }

    @Test func succeededRecordsTheProviderReplyInTheHistory() throws {
        try runOne(outcome: { _ in .succeeded(Details(providerReply: "250 OK", providerMessageID: "m-1")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 1))
            #expect(try pool.scalar(String.self, "SELECT provider_message_id FROM job_attempts WHERE job_id = $1", [id]) == "m-1")
            #expect(try pool.scalar(Bool.self, "SELECT finished_at IS NOT NULL AND locked_by IS NULL FROM jobs WHERE id = $1", [id]))
        }
    }

    @Test func retryBacksOffFifteenSecondsAfterTheFirstAttempt() throws {
        try runOne(outcome: { _ in .retry(Failure("smtp_451", "try later")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.retryable, 1))
            let delay = try pool.scalar(Double.self, "SELECT extract(epoch FROM run_at - updated_at)::float8 FROM jobs WHERE id = $1", [id])
            #expect(abs(delay - 15) < 0.5)
            #expect(try pool.scalar(String.self, "SELECT last_error_code FROM jobs WHERE id = $1", [id]) == "smtp_451")
        }
    }

    @Test func aRetryRunsAgainOnceTheClockReachesItsRunAt() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            let flaky = registry(log: log) { job in job.attempt == 1 ? .retry(Failure("timeout", "slow")) : .succeeded }
            try withWorkers(pool: pool, registry: flaky) { workers in
                let id = try #require(try pool.enqueue(NewJob(kind: "test")))
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                try pool.setClockOffset(seconds: 60)
                workers[0].wake()
                #expect(workers[0].waitForCompletions(2, timeout: .seconds(10)))
                #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 2))
            }
        }
    }

    @Test func aRetryWithNoAttemptLeftIsDead() throws {
        try runOne(NewJob(kind: "test", maxAttempts: 1), outcome: { _ in .retry(Failure("timeout", "slow")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.dead, 1))
        }
    }

    @Test func theKindsRetryPolicyLimitsAttempts() throws {
        try runOne(retry: RetryPolicy(maxAttempts: 1), outcome: { _ in .retry(Failure("timeout", "slow")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.dead, 1))
        }
    }

    @Test func cancelAndDeadAreFinal() throws {
        try runOne(outcome: { _ in .cancel("booking cancelled") }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.cancelled, 1))
        }
        try runOne(outcome: { _ in .dead(Failure("smtp_550", "no such user", providerReply: "550 5.1.1")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.dead, 1))
            #expect(try pool.scalar(String.self, "SELECT provider_reply FROM job_attempts WHERE job_id = $1", [id]) == "550 5.1.1")
        }
    }

    @Test func aThrownErrorIsARetry() throws {
        struct Boom: Error {}
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            var kinds = JobRegistry()
            kinds.register("test") { _ in throw Boom() }
            try withWorkers(pool: pool, registry: kinds) { workers in
                let id = try #require(try pool.enqueue(NewJob(kind: "test")))
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(try pool.state(of: id) == JobSnapshot(.retryable, 1))
                #expect(try pool.scalar(String.self, "SELECT last_error_code FROM jobs WHERE id = $1", [id]) == "handler_error")
            }
        }
    }

    @Test func snoozeGivesTheAttemptBack() throws {
        try runOne(outcome: { _ in .snooze(.seconds(120)) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.scheduled, 0))
            #expect(try pool.scalar(String.self, "SELECT outcome FROM job_attempts WHERE job_id = $1", [id]) == "snooze")
            let delay = try pool.scalar(Double.self, "SELECT extract(epoch FROM run_at - booknow_now())::float8 FROM jobs WHERE id = $1", [id])
            #expect(delay > 100 && delay <= 120)
        }
    }

    @Test func aRetryThatWouldLandPastTheDeadlineIsDeadAsExpired() throws {
        let job = NewJob(kind: "test", deadline: Date().addingTimeInterval(5))
        try runOne(job, outcome: { _ in .retry(Failure("timeout", "slow")) }) { pool, id throws in
            #expect(try pool.state(of: id) == JobSnapshot(.dead, 1))
            #expect(try pool.scalar(String.self, "SELECT last_error_code FROM jobs WHERE id = $1", [id]) == "expired")
            #expect(try pool.scalar(String.self, "SELECT outcome FROM job_attempts WHERE job_id = $1", [id]) == "expired")
        }
    }

    @Test func aJobClaimedAfterItsDeadlineDiesWithoutRunning() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded }) { workers in
                let id = try #require(try pool.enqueue(NewJob(kind: "test", delay: .seconds(600), deadline: Date().addingTimeInterval(300))))
                try pool.setClockOffset(seconds: 900)
                workers[0].wake()
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(try pool.state(of: id).state == .dead)
                #expect(log.total == 0)
            }
        }
    }
}
