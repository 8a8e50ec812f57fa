import Foundation
import Postgres

/// The worker's row in `queue_workers`: registered by the first beat, written
/// every `heartbeatInterval`, deleted at shutdown. Peers read it to tell a
/// dead daemon from a live one (the rescuer, `Maintenance.rescueSQL`).
///
/// Every time in the row is `booknow_now()`: the database's clock decides
/// who is dead, so daemons on hosts whose clocks disagree still agree.
struct Heartbeats: Sendable {
    let pool: ConnectionPool
    let worker: String
    let version: String
    let timeout: Duration
    let lease: Duration

    /// Writes the heartbeat (registering the worker on the first call) and
    /// renews the leases of this worker's running jobs that are half spent.
    func beat() throws {
        try pool.withConnection { connection in
            _ = try connection.query(Self.beatSQL, [
                worker, ProcessInfo.processInfo.hostName, Int(ProcessInfo.processInfo.processIdentifier), version,
                seconds(timeout) / 2, seconds(lease),
            ])
        }
    }

    /// Deletes the row at a clean shutdown, once nothing of this worker's is running.
    func remove() throws {
        _ = try pool.withConnection { try $0.execute(Self.removeSQL, [worker]) }
    }

    /// Upsert on the primary key. A gap of more than half the timeout since the
    /// previous beat (the self-fence threshold: this worker stopped claiming
    /// meanwhile) restarts `unbroken_since`, so a rescuer that was itself cut off
    /// waits a whole timeout of beats before it judges anyone.
    ///
    /// In the same statement, a live worker renews the leases of its running
    /// jobs once half spent, so a long handler of a live daemon is never handed
    /// to another: the lease stays the backstop for workers that stopped beating
    /// (or never beat: the previous release). Served by `jobs_lease_idx`; rarely
    /// touches a row, since most jobs finish long before half their lease.
    static let beatSQL = """
        WITH beat AS (
            INSERT INTO queue_workers AS w (name, host, pid, version) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE
               SET heartbeat_at = booknow_now(),
                   unbroken_since = CASE WHEN w.heartbeat_at < booknow_now() - make_interval(secs => $5)
                                         THEN booknow_now() ELSE w.unbroken_since END
            RETURNING 1
        ), renewed AS (
            UPDATE jobs SET locked_until = booknow_now() + make_interval(secs => $6)
             WHERE state = 'running' AND locked_by = $1
               AND locked_until < booknow_now() + make_interval(secs => $6::float8 / 2)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM beat) AS beats, (SELECT count(*) FROM renewed) AS renewed
        """

    static let removeSQL = "DELETE FROM queue_workers WHERE name = $1"

    /// Rows of workers dead for an hour with nothing left running: kept that
    /// long for operators, and never while a rescue of their jobs is pending.
    static let pruneSQL = """
        DELETE FROM queue_workers w
         WHERE w.heartbeat_at < booknow_now() - make_interval(secs => $1)
           AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.state = 'running' AND j.locked_by = w.name)
        """

    /// How long a dead worker's row stays.
    static let deadRowRetention: Duration = .seconds(3600)
}
