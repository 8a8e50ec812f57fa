import Foundation
import Postgres
@testable import Queue
import Synchronization
import TestSupport

/// Counts handler executions per job id, so tests can prove "exactly once".
final class ExecutionLog: Sendable {
    private let runs = Mutex<[Int64: Int]>([:])

    func record(_ job: Job) { runs.withLock { $0[job.id, default: 0] += 1 } }
    var counts: [Int64: Int] { runs.withLock { $0 } }
    var total: Int { runs.withLock { $0.values.reduce(0, +) } }
}

/// Test timings: short flushes and a poll interval long enough that a test
/// passing quickly proves the notification path, not polling.
func testConfiguration(
    name: String = "w-\(UUID().uuidString.prefix(6))", queues: [String: Int] = ["default": 4],
    pollInterval: Duration = .seconds(30), lease: Duration = .seconds(60)
) -> WorkerConfiguration {
    WorkerConfiguration(
        name: name, queues: queues, pollInterval: pollInterval, lease: lease,
        completionFlushInterval: .milliseconds(20), maintenanceInterval: .seconds(3600),
        finishedRetention: .seconds(3600), deadRetention: .seconds(7 * 86400), attemptRetention: .seconds(30 * 86400),
        // Rescues only when a test asks (runMaintenance), so it can count them.
        rescueInterval: .seconds(3600),
        random: { 0.5 })
}

/// A registry with one kind whose handler returns `outcome` and logs the run.
func registry(kind: String = "test", log: ExecutionLog, retry: RetryPolicy = .default, _ outcome: @escaping @Sendable (Job) -> Outcome) -> JobRegistry {
    var registry = JobRegistry()
    registry.register(kind, retry: retry) { job in
        log.record(job)
        return outcome(job)
    }
    return registry
}

/// Runs `body` with started workers, and shuts them down afterwards whatever happens.
func withWorkers<T>(
    _ count: Int = 1, pool: ConnectionPool, registry: JobRegistry,
    configuration: @autoclosure () -> WorkerConfiguration = testConfiguration(), _ body: ([Worker]) throws -> T
) throws -> T {
    let workers = (0..<count).map { _ in Worker(pool: pool, registry: registry, configuration: configuration()) }
    for worker in workers { try worker.start() }
    defer { for worker in workers { worker.shutdown(timeout: .seconds(5)) } }
    return try body(workers)
}

extension ConnectionPool {
    func enqueue(_ jobs: [NewJob]) throws -> [Int64] {
        try withTransaction { try Jobs.enqueue(jobs, on: $0) }
    }

    func enqueue(_ job: NewJob) throws -> Int64? {
        try withTransaction { try Jobs.enqueue(job, on: $0) }
    }

    /// Moves the database clock (`booknow_now()`) by `seconds` from real time.
    func setClockOffset(seconds: Double) throws {
        try withConnection { try $0.execute("UPDATE booknow_clock SET test_offset = make_interval(secs => $1)", [seconds]) }
    }

    func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try withConnection { try $0.query(sql, parameters)[0].decode(T.self, at: 0) }
    }

    func state(of id: Int64) throws -> JobSnapshot {
        try withConnection { connection in
            let row = try connection.query("SELECT state, attempt FROM jobs WHERE id = $1", [id])[0]
            return JobSnapshot(JobState(rawValue: try row.decode(String.self, "state"))!, try row.decode(Int.self, "attempt"))
        }
    }
}

/// A job's state and attempt count, compared as one value.
struct JobSnapshot: Equatable, CustomStringConvertible {
    var state: JobState
    var attempt: Int
    init(_ state: JobState, _ attempt: Int) {
        self.state = state
        self.attempt = attempt
    }
    var description: String { "\(state.rawValue)/\(attempt)" }
}

/// A queue clock that moves only when told to, for the worker's own timing
/// (the self-fence); the database clock moves with `setClockOffset`.
final class ManualQueueClock: QueueClock {
    private let current = Mutex(Date())

    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// Collects a worker's events, for tests that check what it reported.
final class EventLog: Sendable {
    private let events = Mutex<[QueueEvent]>([])

    func record(_ event: QueueEvent) { events.withLock { $0.append(event) } }
    var all: [QueueEvent] { events.withLock { $0 } }
}
