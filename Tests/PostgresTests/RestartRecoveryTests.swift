import Foundation
import Postgres
import Testing
import TestSupport

/// Runs `scripts/pg-cluster` to manage a cluster of this test's own, so that
/// restarting it disturbs no other test.
private func cluster(_ arguments: String...) throws {
    let script = try TestEnvironment.repository().appendingPathComponent("scripts/pg-cluster").path
    let status = runProgram("/bin/bash", [script] + arguments)
    guard status == 0 else {
        throw PostgresError(.connectFailed, "pg-cluster \(arguments.joined(separator: " ")) exited \(status)")
    }
}

@Suite("A PostgreSQL restart heals without restarting the daemon")
struct RestartRecoveryTests {
    @Test func poolRecoversAfterTheServerRestarts() throws {
        let dir = try TestEnvironment.scratchFolder().appendingPathComponent("pg").path
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: (dir as NSString).deletingLastPathComponent)
        let port = freePort()
        try cluster("init", dir)
        try cluster("start", dir, String(port))
        defer { try? cluster("stop", dir) }

        let pool = ConnectionPool(
            configuration: try ConnectionConfiguration("postgresql://booknow@127.0.0.1:\(port)/postgres", connectTimeoutSeconds: 2),
            maxConnections: 4)
        let before = try pool.withConnection { try $0.query("SELECT pg_backend_pid() AS p")[0].decode(Int32.self, "p") }

        try cluster("restart", dir, String(port))

        // Every idle connection died with the old server; the pool notices on
        // checkout and opens a fresh one, so the very first statement succeeds.
        let after = try pool.withConnection { try $0.query("SELECT pg_backend_pid() AS p")[0].decode(Int32.self, "p") }
        #expect(after != before)
        #expect(pool.isHealthy())
    }
}
