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

    /// Patroni's failover as libpq sees it: a multi-host URL with
    /// `target_session_attrs=read-write` keeps the member that takes writes.
    /// The leader goes away and the other member starts taking writes; the
    /// pool and a LISTEN connection, reconnecting as they do after a restart,
    /// land on the new leader with no change of configuration.
    @Test func aMultiHostURLFollowsTheLeaderAfterAFailover() throws {
        let root = try TestEnvironment.scratchFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        let (dirA, dirB) = (root.appendingPathComponent("a").path, root.appendingPathComponent("b").path)
        let (portA, portB) = (freePort(), freePort())
        try cluster("init", dirA)
        try cluster("init", dirB)
        try cluster("start", dirA, String(portA))
        defer { try? cluster("stop", dirA) }
        try cluster("start", dirB, String(portB))
        defer { try? cluster("stop", dirB) }
        // B stands in for a replica: libpq skips a server whose sessions are read-only.
        func setReadOnly(_ on: Bool) throws {
            let direct = try ConnectionConfiguration("postgresql://booknow@127.0.0.1:\(portB)/postgres")
            let b = try Connection(direct)
            try b.run(script: "ALTER SYSTEM SET default_transaction_read_only = \(on ? "on" : "off")")
            try b.run(script: "SELECT pg_reload_conf()")
            // The reload is asynchronous: wait until a new session sees it.
            for _ in 0..<100 {
                let seen = try Connection(direct).query("SHOW default_transaction_read_only")[0].decode(String.self, "default_transaction_read_only")
                if seen == (on ? "on" : "off") { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("default_transaction_read_only did not become \(on) on the second cluster")
        }
        try setReadOnly(true)

        let configuration = try ConnectionConfiguration(
            "postgresql://booknow@127.0.0.1:\(portA),127.0.0.1:\(portB)/postgres?target_session_attrs=read-write",
            connectTimeoutSeconds: 2)
        let pool = ConnectionPool(configuration: configuration, maxConnections: 2)
        func serverPort() throws -> Int {
            try pool.withConnection { try $0.query("SELECT inet_server_port() AS p")[0].decode(Int.self, "p") }
        }
        #expect(try serverPort() == portA)
        let listener = try Connection(configuration)
        try listener.listen("failover_check")

        try cluster("stop", dirA)
        #expect(throws: PostgresError.self) { _ = try listener.waitForNotifications(timeout: .seconds(5)) }
        // No leader yet: connecting fails rather than landing on the read-only member.
        #expect(throws: PostgresError.self) { _ = try serverPort() }
        try setReadOnly(false)

        #expect(try serverPort() == portB)
        try pool.withConnection { try $0.execute("CREATE TABLE IF NOT EXISTS written_after_failover (n int)") }
        let relistener = try Connection(configuration)
        try relistener.listen("failover_check")
        try pool.withConnection { try $0.notify("failover_check", payload: "after") }
        let heard = try relistener.waitForNotifications(timeout: .seconds(5))
        #expect(heard.map(\.payload) == ["after"])
    }
}
