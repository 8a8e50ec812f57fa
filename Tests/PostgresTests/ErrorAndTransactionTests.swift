import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Server errors carry SQLSTATE, and transactions roll back on throw")
struct ErrorAndTransactionTests {
    @Test func uniqueExclusionAndSerializationFailuresAreRecognised() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            try conn.run(script: """
                CREATE TABLE k (id int PRIMARY KEY);
                CREATE TABLE slot (during tstzrange, EXCLUDE USING gist (during WITH &&));
                """)
            try conn.execute("INSERT INTO k VALUES (1)")
            let unique = try #require(throws: PostgresError.self) { try conn.execute("INSERT INTO k VALUES (1)") }
            #expect(unique.isUniqueViolation && unique.constraint == "k_pkey" && unique.sqlState == "23505")

            let start = Date(timeIntervalSince1970: 1_800_000_000)
            try conn.execute("INSERT INTO slot VALUES ($1)", [start..<start.addingTimeInterval(3600)])
            let overlap = try #require(throws: PostgresError.self) {
                try conn.execute("INSERT INTO slot VALUES ($1)", [start.addingTimeInterval(1800)..<start.addingTimeInterval(5400)])
            }
            #expect(overlap.isExclusionViolation && overlap.constraint == "slot_during_excl")
            #expect(overlap.detail?.contains("conflicts") == true)

            let serialization = try #require(throws: PostgresError.self) {
                try conn.run(script: "DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '40001'; END $$")
            }
            #expect(serialization.isSerializationFailure && serialization.message == "lost a race")
        }
    }

    @Test func throwingInsideATransactionRollsBackAndKeepsTheConnectionUsable() throws {
        struct Boom: Error {}
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            try conn.execute("CREATE TABLE t (v text)")
            #expect(throws: Boom.self) {
                try conn.withTransaction { tx in
                    try tx.execute("INSERT INTO t VALUES ('lost')")
                    throw Boom()
                }
            }
            try conn.withTransaction(isolation: .serializable) { try $0.execute("INSERT INTO t VALUES ('kept')") }
            let values = try conn.query("SELECT v FROM t").map { try $0.decode(String.self, "v") }
            #expect(values == ["kept"])
            #expect(!conn.isInTransaction)
        }
    }

    @Test func afterCommitWaitsForTheCommitAndIsDroppedByARollback() throws {
        struct Boom: Error {}
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            var seen: [String] = []
            conn.afterCommit { seen.append("outside a transaction") }
            #expect(throws: Boom.self) {
                try conn.withTransaction { tx in
                    tx.afterCommit { seen.append("rolled back") }
                    throw Boom()
                }
            }
            try conn.withTransaction { tx in
                tx.afterCommit { seen.append("committed") }
                #expect(seen == ["outside a transaction"])
            }
            #expect(seen == ["outside a transaction", "committed"])
        }
    }

    @Test func failedConnectNamesTargetButNeverThePassword() throws {
        let config = try ConnectionConfiguration(
            "postgresql://nobody@127.0.0.1:1/nowhere", password: "s3cret-pa55", connectTimeoutSeconds: 2)
        let error = try #require(throws: PostgresError.self) { try Connection(config) }
        #expect(error.code == .connectFailed)
        #expect(error.description.contains("host=127.0.0.1 port=1 database=nowhere"))
        #expect(!error.description.contains("s3cret-pa55"))
    }

    @Test func malformedConnectionStringIsRejectedUpFront() {
        #expect(throws: PostgresError.self) { try ConnectionConfiguration("host=127.0.0.1 port") }
    }
}
