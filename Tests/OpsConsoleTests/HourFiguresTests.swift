import Foundation
@testable import OpsConsole
import Postgres
import Queue
import Synchronization
import Testing
import TestSupport

/// The overview's last-hour aggregates are read once per window, whoever asks.
@Suite("the overview's last-hour figures")
struct HourFiguresTests {
    @Test func theyAreReadAgainOnlyOnceTheyAreOlderThanTheirMaxAge() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
            let figures = HourFigures(maxAge: 30, now: { clock.withLock { $0 } })
            func attempt() throws {
                try connection.query("""
                    WITH j AS (INSERT INTO jobs (queue, kind, payload, state, attempt, run_at, finished_at)
                               VALUES ('email', 'send_message', '{}', 'succeeded', 1, booknow_now(), booknow_now()) RETURNING id)
                    INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, duration_ms)
                    SELECT id, 1, 'test', booknow_now(), booknow_now(), 'succeeded', 1 FROM j
                    """)
            }
            func succeeded() throws -> Int { try figures.current(on: connection).minutes.reduce(0) { $0 + $1.succeeded } }
            try attempt()
            #expect(try succeeded() == 1)
            try attempt()
            clock.withLock { $0 += 29 }
            #expect(try succeeded() == 1, "29 s later the figures read at first still stand")
            clock.withLock { $0 += 2 }
            #expect(try succeeded() == 2, "past 30 s they are read again")
            #expect(try figures.current(on: connection).readAt == Date(timeIntervalSince1970: 1_800_000_031))
        }
    }
}
