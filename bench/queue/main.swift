// bench-queue: enqueue and drain rates of the real worker, and the lateness of
// jobs that all fall due at one instant. Driven by bench/queue/run.sh, which
// starts a durable PostgreSQL cluster, migrates it and measures the ceiling.
//
// Usage: bench-queue --url URL [--jobs N] [--concurrency C] [--handler-threads H] [--writers W] [--batch B]
//                    [--label TEXT] [--lead SECONDS]
//
// The jobs are enqueued due tomorrow, or --lead seconds ahead (so nothing runs
// while they are written; bench/ops uses 600 so signed-in console sessions,
// idle-expired by the same clock after 30 minutes, outlive the jump),
// then the database clock (booknow_now(), the test offset) is moved to two
// seconds before that instant: all N fall due at once, as reminders on the hour
// do, and the worker, asleep until the next run_at, drains them. Rates and
// lateness are read from the rows themselves (finished_at, job_attempts).
import Foundation
import Postgres
import Queue

func argument(_ name: String, _ fallback: String? = nil) -> String {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: name), index + 1 < arguments.count { return arguments[index + 1] }
    guard let fallback else {
        FileHandle.standardError.write(Data(("usage: bench-queue --url URL [--jobs N] [--concurrency C] [--handler-threads H] [--writers W]"
                                             + " [--batch B] [--label TEXT] [--lead SECONDS]\n").utf8))
        exit(64)
    }
    return fallback
}

let url = argument("--url")
let jobCount = Int(argument("--jobs", "100000")) ?? 100_000
let concurrency = Int(argument("--concurrency", "200")) ?? 200
let writers = Int(argument("--writers", "2")) ?? 2
/// The daemon's default (`worker.handler_threads`); 0 gives one per unit of concurrency.
let handlerThreads = Int(argument("--handler-threads", "8")) ?? 8
let completionBatch = Int(argument("--batch", "100")) ?? 100
let label = argument("--label", "")
let lead = Int(argument("--lead", "86400")) ?? 86_400
let pool = ConnectionPool(configuration: try ConnectionConfiguration(url, applicationName: "bench-queue"), maxConnections: 8)

func scalar(_ sql: String) throws -> Double {
    try pool.withConnection { try $0.query(sql)[0].decode(Double.self, at: 0) }
}

// Start clean: this run's jobs only (future backlog rows, kind 'reminder', stay).
try pool.withConnection { connection in
    try connection.execute("DELETE FROM jobs WHERE kind = 'noop'")
    try connection.execute("TRUNCATE job_attempts")
    try connection.execute("UPDATE booknow_clock SET test_offset = '0'")
}
let instant = try pool.withConnection {
    try $0.query("SELECT date_trunc('second', now()) + make_interval(secs => $1) AS t", [Double(lead)])[0].decode(Date.self, "t")
}

// Enqueue: batches of 1,000 per transaction, as a planner would.
let batchSize = 1_000
let enqueueStart = ContinuousClock.now
for start in stride(from: 0, to: jobCount, by: batchSize) {
    let batch = (start..<min(start + batchSize, jobCount)).map { i in
        NewJob(kind: "noop", queue: "bench", payload: "{\"n\":\(i)}", runAt: instant)
    }
    _ = try pool.withTransaction { try Jobs.enqueue(batch, on: $0) }
}
let enqueueSeconds = seconds(enqueueStart.duration(to: .now))
try pool.withConnection { connection in
    try connection.execute("VACUUM (ANALYZE) jobs")
    try connection.execute("CHECKPOINT")
}

var kinds = JobRegistry()
kinds.register("noop") { _ in .succeeded }
let worker = Worker(pool: pool, registry: kinds, configuration: WorkerConfiguration(
    name: "bench", queues: ["bench": concurrency], handlerThreads: handlerThreads > 0 ? handlerThreads : nil,
    pollInterval: .seconds(5), completionBatchSize: completionBatch,
    completionWriters: writers,
    maintenanceInterval: .seconds(3600)))
let cpuBefore = (worker: processCPUSeconds(), server: serverCPUSeconds())
try worker.start()
// Two seconds before the instant, by the database's clock.
try pool.withConnection {
    try $0.execute("UPDATE booknow_clock SET test_offset = $1::timestamptz - now() - interval '2 seconds'", [instant])
}
worker.wake()
let drained = worker.waitForCompletions(jobCount, timeout: .seconds(900))
let cpu = (worker: processCPUSeconds() - cpuBefore.worker, server: serverCPUSeconds() - cpuBefore.server)
let metrics = worker.metrics
_ = worker.shutdown(timeout: .seconds(10))
guard drained else {
    FileHandle.standardError.write(Data("bench-queue: the worker did not drain \(jobCount) jobs in 15 minutes\n".utf8))
    exit(1)
}

let drainSeconds = try scalar("""
    SELECT extract(epoch FROM max(finished_at) - min(run_at))::float8 FROM jobs WHERE kind = 'noop'
    """)
let succeeded = try scalar("SELECT count(*)::float8 FROM jobs WHERE kind = 'noop' AND state = 'succeeded'")
let (p50, p99) = try pool.withConnection { connection -> (Double, Double) in
    let row = try connection.query("""
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - j.run_at))::float8 AS p50,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - j.run_at))::float8 AS p99
          FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.kind = 'noop'
        """)[0]
    return (try row.decode(Double.self, "p50"), try row.decode(Double.self, "p99"))
}
try pool.withConnection { try $0.execute("UPDATE booknow_clock SET test_offset = '0'") }

func format(_ value: Double) -> String { String(format: "%.0f", value) }
print("""
    queue bench\(label.isEmpty ? "" : " (\(label))"): \(jobCount) jobs, concurrency \(concurrency), \
    \(handlerThreads > 0 ? handlerThreads : concurrency) handler threads, \(writers) completion writers of \(completionBatch)
      enqueue: \(format(Double(jobCount) / enqueueSeconds)) jobs/s (\(String(format: "%.2f", enqueueSeconds)) s)
      drain:   \(format(succeeded / drainSeconds)) jobs/s (\(Int(succeeded)) succeeded in \(String(format: "%.2f", drainSeconds)) s)
      lateness of jobs due at one instant: p50 \(String(format: "%.3f", p50)) s, p99 \(String(format: "%.3f", p99)) s
      worker: \(metrics.claimStatements) claims (\(format(Double(jobCount) / Double(max(1, metrics.claimStatements)))) jobs each), \
    \(metrics.completionFlushes) completion writes (\(format(Double(jobCount) / Double(max(1, metrics.completionFlushes)))) each); \
    CPU while draining: worker \(String(format: "%.2f", cpu.worker)) s, PostgreSQL \(String(format: "%.2f", cpu.server)) s
    drain_jobs_per_second=\(format(succeeded / drainSeconds))
    """)

/// User and system CPU seconds this process has used.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// User and system CPU seconds of the benchmark's PostgreSQL server: its
/// postmaster and every process it started (Linux /proc), so the drain's cost
/// can be split between the worker and the server.
func serverCPUSeconds() -> Double {
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    // After "pid (comm) ": state, ppid, …; utime and stime are the 12th and 13th.
    func stat(_ pid: String) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 12 ? fields : nil
    }
    guard let backend = try? pool.withConnection({ try $0.query("SELECT pg_backend_pid()::int8")[0].decode(Int64.self, at: 0) }),
          let postmaster = stat(String(backend))?[1] else { return 0 }
    let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { Int($0) != nil } ?? []
    return pids.reduce(0) { total, pid in
        guard let fields = stat(pid), pid == postmaster || fields[1] == postmaster,
              let user = Double(fields[11]), let system = Double(fields[12]) else { return total }
        return total + (user + system) / ticks
    }
}

/// Seconds in a Duration.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
