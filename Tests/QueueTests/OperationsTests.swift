import Foundation
import Postgres
@testable import Queue
import Synchronization
import Testing
import TestSupport

@Suite("Periodic jobs, pause and resume, shutdown, statistics")
struct OperationsTests {
    @Test func threeWorkersRunAPeriodicJobOncePerPeriod() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 16)
            let log = ExecutionLog()
            var kinds = registry(kind: "tick", log: log) { _ in .succeeded }
            kinds.schedule("tick", every: .seconds(60))
            try withWorkers(3, pool: pool, registry: kinds) { workers in
                let enqueued = Mutex(0)
                onThreads(3) { i in
                    let count = (try? workers[i].runMaintenance().periodicEnqueued) ?? -1
                    enqueued.withLock { $0 += count }
                }
                #expect(enqueued.withLock { $0 } == 1)
                for worker in workers { _ = try worker.runMaintenance() }
                #expect(workers.allSatisfy { $0.waitUntilIdle(timeout: .seconds(10)) })
                #expect(log.total == 1)

                try pool.setClockOffset(seconds: 60)
                onThreads(3) { i in _ = try? workers[i].runMaintenance() }
                #expect(workers.allSatisfy { $0.waitUntilIdle(timeout: .seconds(10)) })
                #expect(log.total == 2)
                #expect(try pool.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE kind = 'tick'") == 2)
            }
        }
    }

    @Test func aPausedQueueIsSkippedUntilResumed() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let log = ExecutionLog()
            try withWorkers(pool: pool, registry: registry(log: log) { _ in .succeeded },
                            configuration: testConfiguration(queues: ["email": 2, "sms": 2])) { workers in
                try pool.withConnection { try QueueControl.pause("email", by: "ops", reason: "provider down", on: $0) }
                let ids = try pool.enqueue([NewJob(kind: "test", queue: "email"), NewJob(kind: "test", queue: "sms")])
                #expect(workers[0].waitForCompletions(1, timeout: .seconds(10)))
                #expect(workers[0].waitUntilIdle(timeout: .seconds(10)))
                #expect(log.counts == [ids[1]: 1])
                let statistics = try pool.withConnection { try QueueStatistics.fetch(on: $0) }
                #expect(statistics.pausedQueues == ["email"])
                #expect(statistics.total(.scheduled) == 1 && statistics.total(.succeeded) == 1)
                let listed = try pool.withConnection { try QueueControl.list(on: $0) }
                #expect(listed.map(\.name) == ["email", "sms"] && listed[0].paused && listed[0].pausedReason == "provider down")

                #expect(try pool.withConnection { try QueueControl.resume("email", by: "ops", on: $0) })
                #expect(workers[0].waitForCompletions(2, timeout: .seconds(10)))
                #expect(log.counts == [ids[0]: 1, ids[1]: 1])
            }
        }
    }

    @Test func theOperatorsConcurrencyCapLimitsEveryWorker() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 8)
            let running = Mutex((now: 0, most: 0))
            var kinds = JobRegistry()
            kinds.register("test") { _ in
                running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                Thread.sleep(forTimeInterval: 0.02)
                running.withLock { $0.now -= 1 }
                return .succeeded
            }
            try pool.withConnection { try QueueControl.setConcurrency("default", 1, on: $0) }
            try withWorkers(pool: pool, registry: kinds, configuration: testConfiguration(queues: ["default": 4])) { workers in
                _ = try pool.enqueue((0..<12).map { _ in NewJob(kind: "test") })
                #expect(workers[0].waitForCompletions(12, timeout: .seconds(20)))
                #expect(running.withLock { $0.most } == 1)
            }
        }
    }

    @Test func shutdownReleasesInFlightWorkToRetryable() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let gate = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            var kinds = JobRegistry()
            kinds.register("slow") { _ in
                started.signal()
                gate.wait()
                return .succeeded
            }
            let worker = Worker(pool: pool, registry: kinds, configuration: testConfiguration(queues: ["default": 1]))
            try worker.start()
            let ids = try pool.enqueue([NewJob(kind: "slow"), NewJob(kind: "slow")])
            #expect(started.wait(timeout: .now() + 10) == .success)
            let report = worker.shutdown(timeout: .milliseconds(200))
            gate.signal()
            #expect(!report.drained && report.released == 1)
            #expect(try pool.state(of: ids[0]) == JobSnapshot(.retryable, 1))
            #expect(try pool.state(of: ids[1]) == JobSnapshot(.scheduled, 0))
            #expect(!worker.health.isHealthy)
        }
    }

    @Test func shutdownWaitsForRunningHandlersAndWritesTheirOutcomes() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            let started = DispatchSemaphore(value: 0)
            var kinds = JobRegistry()
            kinds.register("slow") { _ in
                started.signal()
                Thread.sleep(forTimeInterval: 0.3)
                return .succeeded
            }
            let worker = Worker(pool: pool, registry: kinds, configuration: testConfiguration(queues: ["default": 1]))
            try worker.start()
            let id = try #require(try pool.enqueue(NewJob(kind: "slow")))
            #expect(started.wait(timeout: .now() + 10) == .success)
            let report = worker.shutdown(timeout: .seconds(5))
            #expect(report == ShutdownReport(drained: true, released: 0))
            #expect(try pool.state(of: id) == JobSnapshot(.succeeded, 1))
            let metrics = worker.metrics
            #expect(metrics.completions[QueueMetrics.OutcomeKey(queue: "default", outcome: "succeeded")] == 1)
            #expect(metrics.handlerDuration.count == 1 && metrics.lateness.count == 1)
        }
    }
}
