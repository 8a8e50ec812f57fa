import Postgres
import Testing
import TestSupport

@Suite("Queries are prepared once per session and survive schema changes")
struct PreparedStatementTests {
    @Test func aQueryIsPreparedOnceAndRunWithEachCallsParameters() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let sql = "SELECT $1::int + 1 AS next, $2::text AS label"
            for value in [1, 41] {
                let row = try conn.query(sql, [value, value == 1 ? nil : "x"])[0]
                #expect(try row.decode(Int.self, "next") == value + 1)
                #expect(try row.decode(String?.self, "label") == (value == 1 ? nil : "x"))
            }
            let prepared = try conn.query("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
            #expect(try prepared.map { try $0.decode(String.self, "statement") }.contains(sql))
            // The catalogue query itself is prepared too; transaction control and SET are not.
            let before = conn.preparedCount
            try conn.withTransaction { try $0.execute("SET LOCAL statement_timeout = '5s'") }
            #expect(conn.preparedCount == before && before == 2)
        }
    }

    @Test func aPreparedQueryFollowsATableThatGainedAColumn() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect(), migrator = try db.connect()
            try conn.run(script: "CREATE TABLE t (a int); INSERT INTO t VALUES (1)")
            #expect(try conn.query("SELECT * FROM t")[0].decode(Int.self, "a") == 1)
            try migrator.execute("ALTER TABLE t ADD COLUMN b text DEFAULT 'new'")
            // Outside a transaction: prepared again and run once more.
            #expect(try conn.query("SELECT * FROM t")[0].decode(String.self, "b") == "new")
            try migrator.execute("ALTER TABLE t ADD COLUMN c int DEFAULT 3")
            // Inside one: the refusal aborts it, and the next transaction works.
            let stale = try #require(throws: PostgresError.self) {
                try conn.withTransaction { try $0.query("SELECT * FROM t") }
            }
            #expect(stale.sqlState == "0A000")
            #expect(try conn.withTransaction { try $0.query("SELECT * FROM t")[0].decode(Int.self, "c") } == 3)
        }
    }

    @Test func queriesPastTheLimitStillRunUnprepared() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            for n in 0..<600 {
                #expect(try conn.query("SELECT \(n) + $1::int AS v", [1])[0].decode(Int.self, "v") == n + 1)
            }
            #expect(conn.preparedCount == 512)
        }
    }
}
