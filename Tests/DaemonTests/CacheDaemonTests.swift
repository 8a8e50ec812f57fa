import Booking
import Foundation
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
            try DaemonFixture.two(on: db) { ports in
                let (one, other) = (SalonClient(port: ports[0], seeded: seeded, days: 7), SalonClient(port: ports[1], seeded: seeded, days: 7))
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { [one, other].allSatisfy { $0.metric("booknow_availability_cache_trusted") == 1 } })
                func starts(_ client: SalonClient) throws -> [String] {
                    try client.offered().map { "\($0.start) \($0.providers)" }
                }
                let before = try starts(other)
                let start = try #require(try other.offered().first?.start)
                #expect(try starts(other) == before && starts(one) == before)
                #expect(other.metric("booknow_availability_cache_heard_reads_total") >= 1, "the second read came from memory")

                let booked = try one.book(start, customer: "Ada Lovelace")
                #expect(booked.status == 201, "\(booked.text)")
                // Heard within moments; then answered from memory again.
                #expect(ChildProcess.eventually(timeout: .seconds(30)) {
                    (try? starts(other)).map { $0 != before } ?? false
                })
                let heard = other.metric("booknow_availability_cache_heard_reads_total")
                let after = try starts(other)
                #expect(try after == starts(one) && after == starts(other))
                #expect(other.metric("booknow_availability_cache_heard_reads_total") > heard)
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
            try DaemonFixture.two(on: db) { ports in
                let client = SalonClient(port: ports[0], seeded: seeded, days: 3)
                #expect(ChildProcess.eventually(timeout: .seconds(30)) { client.metric("booknow_availability_cache_trusted") == 1 })
                _ = try client.offered()
                for round in 0..<20 {
                    let first = try #require(try client.offered().first)
                    let provider = try #require(first.providers.first)
                    let booked = try client.book(first.start, provider: provider, customer: "Customer \(round)")
                    try #require(booked.status == 201, "round \(round): a slot just offered as free: \(booked.text)")
                    let after = try client.offered().first { $0.start == first.start }
                    #expect(!(after?.providers.contains(provider) ?? false), "round \(round): \(first.start) still offered with the provider just booked")
                }
                #expect(client.metric("booknow_availability_cache_heard_reads_total") >= 1, "reads between the writes came from memory")
            }
        }
    }
}

/// The demo salon's first location and first service, as a client of one
/// daemon sees them over `days` days from three days ahead.
private struct SalonClient {
    let port: UInt16
    let seeded: DemoSalon.Seeded
    /// The availability question, built once: asked at once after a booking.
    let availability: String

    init(port: UInt16, seeded: DemoSalon.Seeded, days: Int) {
        (self.port, self.seeded) = (port, seeded)
        let formatter = ISO8601DateFormatter()
        let from = Calendar(identifier: .gregorian).startOfDay(for: Date().addingTimeInterval(3 * 86_400))
        availability = "/v1/availability?location=\(seeded.locationIDs[0])&service=\(seeded.serviceIDs[0])&provider=any"
            + "&from=\(formatter.string(from: from))&to=\(formatter.string(from: from.addingTimeInterval(Double(days) * 86_400)))"
    }

    func call(_ method: String, _ path: String, json: [String: Any]? = nil) throws -> TestResponse {
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        return try TestClient(port: port).request(method, path, headers: [
            ("Authorization", "Bearer \(seeded.publicKey)"), ("Content-Type", "application/json")], body: body)
    }

    /// A metric's value from the daemon's `/metrics`; -1 when it is missing.
    func metric(_ name: String) -> Double {
        let text = (try? TestClient(port: port).request("GET", "/metrics").text) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? -1
    }

    /// Each start offered, with who offers it.
    func offered() throws -> [(start: String, providers: [String])] {
        let answer = try call("GET", availability)
        try #require(answer.status == 200, "\(answer.text)")
        return (answer.json["slots"] as? [[String: Any]] ?? []).map { ($0["start"] as? String ?? "", $0["provider_ids"] as? [String] ?? []) }
    }

    /// Books `start` (with `provider`, or any) for a new customer.
    func book(_ start: String, provider: String? = nil, customer: String) throws -> TestResponse {
        var body: [String: Any] = [
            "service": seeded.serviceIDs[0].uuidString, "location": seeded.locationIDs[0].uuidString, "start": start,
            "customer": ["name": customer, "email": "\(UUID().uuidString.prefix(8))@example.com", "locale": "en", "consent_email": true]]
        body["provider"] = provider
        return try call("POST", "/v1/bookings", json: body)
    }
}
