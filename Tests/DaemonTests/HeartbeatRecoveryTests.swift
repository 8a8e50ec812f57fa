import Foundation
import Glibc
import Postgres
import Testing
import TestSupport

/// End to end: a daemon killed (SIGKILL)
/// while it holds claimed messages; another daemon returns them by their
/// dead worker's heartbeat and sends them long before the 5-minute lease.
@Suite("A killed daemon's claimed messages are sent by another within the heartbeat timeout")
struct HeartbeatRecoveryTests {
    /// A TCP listener that never accepts: an SMTP client connects and waits for
    /// a greeting that never comes, so the daemon's email job stays `running`.
    final class SilentServer {
        let descriptor: Int32
        let port: Int

        init() {
            let (descriptor, port) = bindLoopback()
            listen(descriptor, 64)
            self.descriptor = descriptor
            self.port = Int(port)
        }

        deinit { close(descriptor) }
    }

    @Test func aKilledDaemonsRunningMessageIsSentByTheNextDaemonBeforeTheLease() throws {
        let silent = SilentServer()
        try FlowDaemon.with(worker: "heartbeat_timeout = 4s", smtpPort: silent.port) { flow in
            _ = try flow.book(flow.slot(hour: 10), email: "killed@example.com", phone: nil)
            let connection = try flow.database.connect()
            let runningQuery = "SELECT id FROM jobs WHERE kind = 'send_message' AND queue = 'email' AND state = 'running'"
            #expect(flow.eventually { ((try? connection.query(runningQuery).count) ?? 0) > 0 }, "no email job was claimed: \(flow.daemon.output.suffix(2000))")
            let held = try connection.query(runningQuery).map { try $0.decode(Int64.self, "id") }
            flow.daemon.signal(SIGKILL)
            _ = flow.daemon.wait(timeout: .seconds(30))

            // The next daemon sends through the real SMTP peer; its lease is the default 5 minutes.
            let config = try String(contentsOf: flow.fixture.configURL, encoding: .utf8)
                .replacingOccurrences(of: "smtp://127.0.0.1:\(silent.port)", with: "smtp://127.0.0.1:\(flow.smtp.port)")
            let next = flow.fixture.folder.appendingPathComponent("next.conf")
            try config.write(to: next, atomically: true, encoding: .utf8)
            let second = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowd").path, ["--config", next.path],
                                          log: flow.fixture.folder.appendingPathComponent("next.log"))
            defer {
                second.signal(SIGTERM)
                _ = second.wait(timeout: .seconds(30))
            }
            // Every held job finished (the provider's copy may be cancelled: the
            // demo's providers may want no email), each first as lost with its worker.
            let doneQuery = "SELECT count(*)::int FROM jobs WHERE id = ANY($1::bigint[]) AND state IN ('succeeded', 'cancelled')"
            // Well before the lease: `eventually` gives up after 90 s, the lease is 300 s.
            #expect(flow.eventually { ((try? connection.query(doneQuery, [held])[0].decode(Int.self, at: 0)) ?? 0) == held.count },
                    "not sent after the kill: \(second.output.suffix(3000))")
            let firstOutcomes = try connection.query("""
                SELECT DISTINCT ON (job_id) outcome FROM job_attempts WHERE job_id = ANY($1::bigint[]) ORDER BY job_id, id
                """, [held]).map { try $0.decode(String.self, "outcome") }
            #expect(firstOutcomes == Array(repeating: "worker_lost", count: held.count))
            #expect(flow.mails().contains { $0.contains("killed@example.com") })
            #expect(second.output.contains("running jobs returned to the queue") && second.output.contains("worker_lost=\(held.count)"))
        }
    }
}
