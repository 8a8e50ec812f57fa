import Booking
import Foundation
import Glibc
import Postgres
import Testing
import TestSupport

/// Two `booknowd`s on one database, each answering availability from memory
/// while its change follower hears every change: a booking through one daemon
/// is gone from the other's answers once heard, and from its own at once.
@Suite("booknowd answers availability from memory only while it hears every change")
struct CacheDaemonTests {
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

    /// What a customer clicking through the pages does: book the first free
    /// slot, read availability again from the same daemon at once, book the
    /// next. Each read after a booking is answered with that booking taken,
    /// though the daemon's listener may not have heard it yet (it answers from
    /// the database until it has).
    @Test func aDaemonNeverAnswersAvailabilityFromBeforeItsOwnWrite() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 1)
            defer { pool.close() }
            let seeded = try pool.withTransaction { try DemoSalon.seed(on: $0) }
            try Self.twoDaemons(db) { ports in
                let port = ports[0]
                func call(_ method: String, _ path: String, json: [String: Any]? = nil) throws -> TestResponse {
                    let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
                    return try TestClient(port: port).request(method, path, headers: [
                        ("Authorization", "Bearer \(seeded.publicKey)"), ("Content-Type", "application/json")], body: body)
                }
                func metric(_ name: String) -> Double {
                    let text = (try? TestClient(port: port).request("GET", "/metrics").text) ?? ""
                    return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? -1
                }
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { metric("booknow_availability_cache_trusted") == 1 })
                let (location, service) = (seeded.locationIDs[0].uuidString, seeded.serviceIDs[0].uuidString)
                let formatter = ISO8601DateFormatter()
                let from = Calendar(identifier: .gregorian).startOfDay(for: Date().addingTimeInterval(3 * 86_400))
                let query = "/v1/availability?location=\(location)&service=\(service)&provider=any"
                    + "&from=\(formatter.string(from: from))&to=\(formatter.string(from: from.addingTimeInterval(3 * 86_400)))"
                /// Each offered start with who offers it.
                func offered() throws -> [(start: String, providers: [String])] {
                    let answer = try call("GET", query)
                    try #require(answer.status == 200, "\(answer.text)")
                    return (answer.json["slots"] as? [[String: Any]] ?? []).map { ($0["start"] as? String ?? "", $0["provider_ids"] as? [String] ?? []) }
                }
                _ = try offered()
                for round in 0..<20 {
                    let first = try #require(try offered().first)
                    let provider = try #require(first.providers.first)
                    let booked = try call("POST", "/v1/bookings", json: [
                        "service": service, "location": location, "start": first.start, "provider": provider,
                        "customer": ["name": "Customer \(round)", "email": "c\(round)@example.com", "locale": "en", "consent_email": true]])
                    try #require(booked.status == 201, "round \(round): a slot just offered as free: \(booked.text)")
                    let after = try offered().first { $0.start == first.start }
                    #expect(!(after?.providers.contains(provider) ?? false), "round \(round): \(first.start) still offered with the provider just booked")
                }
                #expect(metric("booknow_availability_cache_heard_reads_total") >= 1, "reads between the writes came from memory")
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
