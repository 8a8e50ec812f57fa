import Booking
import Foundation
import Glibc
import Postgres
import Testing
import TestSupport

/// Two `booknowd`s on one database, each keeping what it read in memory while
/// its change follower hears every change: the keys it verified (a revocation
/// committed anywhere is refused by both once heard; their `/metrics` say
/// which change they have heard) and availability (a booking through one
/// daemon is gone from the other's answers, which come from memory after);
/// a daemon whose listener connection is cut trusts nothing it kept.
@Suite("booknowd keeps keys and availability in memory only while it hears every change")
struct CacheDaemonTests {
    @Test func aRevocationIsHeardByEveryDaemonAndACutListenerForgetsEveryKey() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 1)
            defer { pool.close() }
            let (seeded, admin) = try pool.withTransaction { connection in
                let seeded = try DemoSalon.seed(on: connection)
                return (seeded, try APIKeyStore.create(business: seeded.businessID, scope: .admin, on: connection).secret)
            }
            try Self.twoDaemons(db) { ports in
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

                // Revoked through the first daemon's own database role, heard by both.
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

    @Test func aBookingThroughOneDaemonLeavesTheOthersAvailabilityWhichAnswersFromMemory() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 1)
            defer { pool.close() }
            let seeded = try pool.withTransaction { try DemoSalon.seed(on: $0) }
            try Self.twoDaemons(db) { ports in
                let (one, other) = (ports[0], ports[1])
                func call(_ port: UInt16, _ method: String, _ path: String, json: [String: Any]? = nil) throws -> TestResponse {
                    let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
                    return try TestClient(port: port).request(method, path, headers: [
                        ("Authorization", "Bearer \(seeded.publicKey)"), ("Content-Type", "application/json")], body: body)
                }
                func metric(_ port: UInt16, _ name: String) -> Double {
                    let text = (try? TestClient(port: port).request("GET", "/metrics").text) ?? ""
                    return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? -1
                }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { [one, other].allSatisfy { metric($0, "booknow_availability_cache_trusted") == 1 } })
                let (location, service) = (seeded.locationIDs[0].uuidString, seeded.serviceIDs[0].uuidString)
                let formatter = ISO8601DateFormatter()
                let from = Calendar(identifier: .gregorian).startOfDay(for: Date().addingTimeInterval(3 * 86_400))
                let query = "/v1/availability?location=\(location)&service=\(service)&provider=any"
                    + "&from=\(formatter.string(from: from))&to=\(formatter.string(from: from.addingTimeInterval(7 * 86_400)))"
                func starts(_ port: UInt16) throws -> [String] {
                    let answer = try call(port, "GET", query)
                    try #require(answer.status == 200, "\(answer.text)")
                    return (answer.json["slots"] as? [[String: Any]] ?? []).map { "\($0["start"] ?? "") \($0["provider_ids"] ?? "")" }
                }
                let before = try starts(other)
                let start = try #require(before.first?.split(separator: " ").first.map(String.init))
                #expect(try starts(other) == before && starts(one) == before)
                #expect(metric(other, "booknow_availability_cache_heard_reads_total") >= 1, "the second read came from memory")

                let booked = try call(one, "POST", "/v1/bookings", json: [
                    "service": service, "location": location, "start": start,
                    "customer": ["name": "Ada Lovelace", "email": "ada@example.com", "locale": "en", "consent_email": true]])
                #expect(booked.status == 201, "\(booked.text)")
                // Heard within moments; then answered from memory again.
                #expect(ChildProcess.eventually(timeout: .seconds(30)) {
                    (try? starts(other)).map { $0 != before } ?? false
                })
                let heard = metric(other, "booknow_availability_cache_heard_reads_total")
                let after = try starts(other)
                #expect(try after == starts(one) && after == starts(other))
                #expect(metric(other, "booknow_availability_cache_heard_reads_total") > heard)
            }
        }
    }

    /// Two daemons on `db`, started and listening, stopped after `body` (which gets their ports).
    static func twoDaemons(_ db: TestDatabase, _ body: ([UInt16]) throws -> Void) throws {
        let fixtures = [try DaemonFixture(databaseURL: db.url), try DaemonFixture(databaseURL: db.url)]
        let daemons = try fixtures.map { try $0.start() }
        defer {
            for daemon in daemons { daemon.signal(SIGTERM) }
            for daemon in daemons { _ = daemon.wait(timeout: .seconds(20)) }
        }
        for (fixture, daemon) in zip(fixtures, daemons) {
            try #require(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
        }
        try body(fixtures.map(\.port))
    }
}
