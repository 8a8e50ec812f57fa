import Foundation
import Postgres
import Schema
import Testing
import TestSupport

@Suite("Migrations apply once, in order, and the schema check enforces compatibility")
struct MigrationTests {
    @Test func migratingTwiceIsANoOp() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let first = try Schema.migrator.migrate(conn)
            #expect(first.count == Schema.migrations.count)
            let second = try Schema.migrator.migrate(conn)
            #expect(second.isEmpty)
            try Schema.migrator.checkCompatibility(conn)
            let versions = try Schema.migrator.appliedMigrations(conn).map(\.version)
            #expect(versions == Schema.migrations.map(\.version))
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() throws {
        try TestDatabase.with(migrated: false) { db in
            onThreads(4) { _ in _ = try? Schema.migrator.migrate(try db.connect()) }
            let conn = try db.connect()
            #expect(try Schema.migrator.appliedMigrations(conn).count == Schema.migrations.count)
            try Schema.migrator.checkCompatibility(conn)
        }
    }

    @Test func anUnmigratedDatabaseIsRefusedNamingBothVersions() throws {
        try TestDatabase.with(migrated: false) { db in
            let error = try #require(throws: PostgresError.self) { try Schema.migrator.checkCompatibility(try db.connect()) }
            #expect(error.code == .incompatibleSchema)
            #expect(error.message.contains("version 0") && error.message.contains("version \(Schema.migrator.latestVersion)"))
        }
    }

    @Test func aNewerExpandOnlySchemaIsAcceptedAndAContractOneRefused() throws {
        try TestDatabase.with { db in
            let conn = try db.connect()
            let latest = Schema.migrator.latestVersion
            let newer = Migrator(Schema.migrations + [
                Migration(version: latest + 1, name: "add_column", compatibility: .expand, sql: "CREATE TABLE later_a (x int)"),
            ])
            try newer.migrate(conn)
            try Schema.migrator.checkCompatibility(conn)

            let breaking = Migrator(newer.migrations + [
                Migration(version: latest + 2, name: "drop_column", compatibility: .contract, sql: "CREATE TABLE later_b (x int)"),
            ])
            try breaking.migrate(conn)
            let error = try #require(throws: PostgresError.self) { try Schema.migrator.checkCompatibility(conn) }
            #expect(error.code == .incompatibleSchema)
            #expect(error.message.contains("version \(latest + 2)") && error.message.contains("version \(latest)"))
            try breaking.checkCompatibility(conn)
        }
    }

    @Test func aFailingMigrationLeavesNoTrace() throws {
        try TestDatabase.with(migrated: false) { db in
            let conn = try db.connect()
            let bad = Migrator([Migration(version: 1, name: "bad", compatibility: .expand, sql: "CREATE TABLE ok (x int); SELECT * FROM missing;")])
            let error = try #require(throws: PostgresError.self) { try bad.migrate(conn) }
            #expect(error.message.contains("0001_bad") || error.message.contains("1_bad"))
            #expect(try conn.query("SELECT to_regclass('ok') IS NULL AS gone")[0].decode(Bool.self, "gone"))
        }
    }

    @Test func migrationFilesNeedACompatibilityHeader() {
        #expect(throws: PostgresError.self) { try Migration(fileName: "0002_x.sql", contents: "CREATE TABLE x ()") }
        #expect(throws: PostgresError.self) { try Migration(fileName: "two_x.sql", contents: "-- compatibility: expand\n") }
    }

    @Test func everyFileInTheMigrationsFolderIsEmbedded() throws {
        let folder = try TestEnvironment.repository().appendingPathComponent("Sources/Schema/Migrations")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(onDisk == Schema.fileNames.sorted())
    }

    @Test func theClockFunctionFollowsTheTestOffset() throws {
        try TestDatabase.with { db in
            let conn = try db.connect()
            try conn.execute("UPDATE booknow_clock SET test_offset = interval '30 minutes'")
            let skew = try conn.query("SELECT extract(epoch FROM booknow_now() - now())::float8 AS s")[0].decode(Double.self, "s")
            #expect(skew == 1800)
        }
    }
}
