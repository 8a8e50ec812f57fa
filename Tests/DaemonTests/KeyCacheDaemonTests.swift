import Booking
import Foundation
import Postgres
import Testing
import TestSupport

/// Two `booknowd`s on one database, each keeping the keys it verified: a
/// revocation committed anywhere is refused by both once they have heard it
/// (their `/metrics` say which change they have heard), and a daemon whose
/// listener connection is cut serves no kept key until it listens again.
@Suite("booknowd keeps verified keys only while it hears every change")
struct KeyCacheDaemonTests {
    @Test func aRevocationIsHeardByEveryDaemonAndACutListenerForgetsEveryKey() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 1)
            defer { pool.close() }
            let (seeded, admin) = try pool.withTransaction { connection in
                let seeded = try DemoSalon.seed(on: connection)
                return (seeded, try APIKeyStore.create(business: seeded.businessID, scope: .admin, on: connection).secret)
            }
            try DaemonFixture.two(on: db) { ports in
                func status(_ port: UInt16, _ key: String) throws -> Int {
                    try TestClient(port: port).request("GET", "/v1/locations", headers: [("Authorization", "Bearer \(key)")]).status
                }
                func metric(_ port: UInt16, _ name: String) -> Double? {
                    guard let text = try? TestClient(port: port).request("GET", "/metrics").text else { return nil }
                    return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
                }
                func trusted(_ port: UInt16) -> Bool { metric(port, "booknow_api_key_cache_trusted") == 1 }
                func heardLatest() throws -> Bool {
                    let latest = Double(try pool.withConnection { try APIKeyCache.latestChange(on: $0) })
                    return ports.allSatisfy { (metric($0, "booknow_api_key_cache_heard_change") ?? -1) >= latest }
                }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { ports.allSatisfy(trusted) })
                for port in ports {
                    #expect(try status(port, seeded.publicKey) == 200 && status(port, seeded.publicKey) == 200 && status(port, admin) == 200 && status(port, admin) == 200)
                    #expect((metric(port, #"booknow_api_key_cache_lookups_total{result="hit"}"#) ?? 0) >= 2)
                }

                // Revoked in SQL by another writer (as booknowctl or an operator would), heard by both.
                _ = try pool.withConnection { try $0.execute("UPDATE api_keys SET revoked_at = booknow_now() WHERE prefix = $1", [String(seeded.publicKey.prefix(16))]) }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { (try? heardLatest()) == true })
                for port in ports { #expect(try status(port, seeded.publicKey) == 401 && status(port, admin) == 200) }

                // Cut both listeners, then revoke while nobody listens: the change is never heard.
                _ = try pool.withConnection {
                    try $0.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'booknowd-changes' AND datname = current_database()")
                }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { !ports.contains(where: trusted) })
                _ = try pool.withConnection { try $0.execute("UPDATE api_keys SET revoked_at = booknow_now() WHERE prefix = $1", [String(admin.prefix(16))]) }
                for port in ports { #expect(try status(port, admin) == 401, "read from the database while not listening") }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { ports.allSatisfy(trusted) })
                for port in ports { #expect(try status(port, admin) == 401, "nothing kept from before the listener was cut") }
            }
        }
    }
}
