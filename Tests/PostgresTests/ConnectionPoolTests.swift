import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("The pool shares a bounded number of connections among many threads")
struct ConnectionPoolTests {
    @Test func thirtyTwoThreadsShareEightConnections() throws {
        try TestDatabase.with(migrated: false) { db in
            let pool = db.makePool(size: 8)
            try pool.withConnection { try $0.execute("CREATE TABLE hits (n int)") }
            let failures = Mutex(0)
            onThreads(32) { thread in
                for i in 0..<25 {
                    do {
                        try pool.withTransaction { try $0.execute("INSERT INTO hits VALUES ($1)", [thread * 100 + i]) }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
            #expect(failures.withLock { $0 } == 0)
            let count = try pool.withConnection { try $0.query("SELECT count(*) AS c FROM hits")[0].decode(Int.self, "c") }
            #expect(count == 32 * 25)
            let backends = try pool.withConnection {
                try $0.query("SELECT count(*) AS c FROM pg_stat_activity WHERE datname = current_database()")[0].decode(Int.self, "c")
            }
            #expect(backends <= 8)
            #expect(pool.statistics.open <= 8)
        }
    }

    @Test func waitingLongerThanTheTimeoutFailsWithPoolTimeout() throws {
        try TestDatabase.with(migrated: false) { db in
            let pool = db.makePool(size: 1, waitTimeout: .milliseconds(200))
            try pool.withConnection { _ in
                let error = try #require(throws: PostgresError.self) { try pool.withConnection { _ in } }
                #expect(error.code == .poolTimeout)
            }
            #expect(pool.isHealthy())
        }
    }

    @Test func aTransactionLeftOpenIsRolledBackBeforeTheNextBorrower() throws {
        try TestDatabase.with(migrated: false) { db in
            let pool = db.makePool(size: 1)
            try pool.withConnection { try $0.execute("CREATE TABLE t (v int)") }
            try pool.withConnection { conn in
                try conn.execute("BEGIN")
                try conn.execute("INSERT INTO t VALUES (1)")
            }
            let (open, count) = try pool.withConnection { conn in
                (conn.isInTransaction, try conn.query("SELECT count(*) AS c FROM t")[0].decode(Int.self, "c"))
            }
            #expect(!open && count == 0)
        }
    }

    @Test func sessionSettingsApplyToEveryPooledConnection() throws {
        try TestDatabase.with(migrated: false) { db in
            let config = try ConnectionConfiguration(
                db.url, applicationName: "settings-check", statementTimeoutMilliseconds: 1234,
                idleInTransactionTimeoutMilliseconds: 5678)
            let pool = ConnectionPool(configuration: config, maxConnections: 2)
            let row = try pool.withConnection {
                try $0.query("SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS it, current_setting('application_name') AS app")[0]
            }
            #expect(try row.decode(String.self, "st") == "1234ms")
            #expect(try row.decode(String.self, "it") == "5678ms")
            #expect(try row.decode(String.self, "app") == "settings-check")
            let error = try #require(throws: PostgresError.self) { try pool.withConnection { try $0.execute("SELECT pg_sleep(3)") } }
            #expect(error.isQueryCanceled)
        }
    }

    @Test func aNotifyWakesAListenerLongBeforeItsTimeout() throws {
        try TestDatabase.with(migrated: false) { db in
            let listener = try db.connect()
            try listener.listen("jobs due")
            let sender = try db.connect()
            let started = ContinuousClock.now
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.05)
                try? sender.notify("jobs due", payload: "email")
            }
            let notes = try listener.waitForNotifications(timeout: .seconds(30))
            #expect(notes.map(\.payload) == ["email"])
            #expect(notes.first?.channel == "jobs due")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try listener.waitForNotifications(timeout: .milliseconds(50)).isEmpty)
        }
    }
}
