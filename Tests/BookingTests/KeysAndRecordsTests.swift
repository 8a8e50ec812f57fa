import Booking
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("API keys, businesses, idempotency records and the demo seed")
struct KeysAndRecordsTests {
    @Test func aKeyVerifiesUntilRevokedOrItsBusinessIsDisabled() throws {
        try Salon.with { salon in
            let business = salon.seeded.businessID
            let grant = try salon.pool.withConnection { try APIKeyStore.verify(salon.seeded.publicKey, on: $0) }
            #expect(grant?.businessID == business && grant?.scope == .public)
            let admin = try salon.pool.withTransaction { try APIKeyStore.create(business: business, scope: .admin, on: $0) }
            #expect(admin.secret.hasPrefix("bk_adm_") && admin.key.prefix == String(admin.secret.prefix(16)))
            // Only the prefix and a hash are stored, never the secret.
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM api_keys WHERE prefix = $1 OR encode(hash, 'escape') LIKE '%' || $1 || '%'",
                                     [admin.secret]) == 0)
            var tampered = Array(admin.secret)
            tampered[30] = tampered[30] == "A" ? "B" : "A"
            let verify = { (secret: String) in try salon.pool.withConnection { try APIKeyStore.verify(secret, on: $0) } }
            #expect(try verify(String(tampered)) == nil && verify("bk_pub_short") == nil && verify("") == nil)
            #expect(try verify(admin.secret)?.scope == .admin)
            let revoked = try salon.pool.withTransaction { try APIKeyStore.revoke(business: business, key: admin.key.id, on: $0) }
            #expect(try revoked.revokedAt != nil && verify(admin.secret) == nil)
            #expect(try salon.pool.withConnection { try APIKeyStore.list(business: business, on: $0) }.count == 2)
            _ = try salon.pool.withTransaction { try BusinessStore.disable(business, on: $0) }
            #expect(try verify(salon.seeded.publicKey) == nil)
            let error = try #require(throws: BookingError.self) { try salon.store.book(salon.request(salon.at(10), provider: nil)) }
            #expect(error.code == .notFound)
        }
    }

    @Test func businessesRefuseUnknownZonesAndListInOrder() throws {
        try Salon.with { salon in
            let error = try #require(throws: BookingError.self) {
                try salon.pool.withTransaction { try BusinessStore.create(name: "X", timeZone: "Mars/Olympus", on: $0) }
            }
            #expect(error.code == .invalid)
            _ = try salon.pool.withTransaction { try BusinessStore.create(name: "Second", timeZone: "Europe/Berlin", on: $0) }
            #expect(try salon.pool.withConnection { try BusinessStore.list(on: $0) }.map(\.name) == [DemoSalon.name, "Second"])
        }
    }

    @Test func theDemoSeedRefusesASecondRun() throws {
        try Salon.with { salon in
            let error = try #require(throws: BookingError.self) { try salon.pool.withTransaction { try DemoSalon.seed(on: $0) } }
            #expect(error.code == .alreadyExists && error.message.contains(salon.seeded.businessID.uuidString.lowercased()))
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM locations") == 3)
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM providers") == 6)
            #expect(try salon.scalar(String.self, "SELECT string_agg(DISTINCT time_zone, ',' ORDER BY time_zone) FROM locations")
                    == "America/New_York,Asia/Tokyo,Europe/London")
        }
    }

    @Test func anIdempotencyKeyReplaysItsAnswerAndRefusesAnotherRequest() throws {
        try Salon.with { salon in
            let business = salon.seeded.businessID
            let hash = Data(repeating: 1, count: 32)
            let runs = RunCounter()
            let operation = { (connection: Connection) throws -> (status: Int, body: [UInt8]) in
                runs.increment()
                try connection.execute("INSERT INTO customers (business_id, name) VALUES ($1, 'Kept')", [business])
                return (201, Array("first".utf8))
            }
            let first = try IdempotencyStore.answer(business: business, key: "k1", requestHash: hash, pool: salon.pool, operation)
            let replay = try IdempotencyStore.answer(business: business, key: "k1", requestHash: hash, pool: salon.pool, operation)
            #expect(!first.replayed && replay.replayed && replay.status == 201 && replay.body == Array("first".utf8) && runs.count == 1)
            let error = try #require(throws: BookingError.self) {
                try IdempotencyStore.answer(business: business, key: "k1", requestHash: Data(repeating: 2, count: 32), pool: salon.pool, operation)
            }
            #expect(error.code == .idempotencyKeyReused)
            // A 4xx answer is not stored (the key stays free), and what the operation wrote before it is rolled back.
            let refused = try IdempotencyStore.answer(business: business, key: "k2", requestHash: hash, pool: salon.pool) { connection in
                try connection.execute("INSERT INTO customers (business_id, name) VALUES ($1, 'Dropped')", [business])
                return (409, Array("taken".utf8))
            }
            #expect(refused.status == 409 && !refused.replayed)
            #expect(try salon.scalar(String.self, "SELECT string_agg(name, ',') FROM customers") == "Kept")
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM idempotency_keys") == 1)
            // The corrected request, another body under the same key, runs.
            let corrected = try IdempotencyStore.answer(business: business, key: "k2", requestHash: Data(repeating: 3, count: 32), pool: salon.pool, operation)
            #expect(corrected.status == 201 && !corrected.replayed && runs.count == 2)
        }
    }
}

/// Counts calls from closures that must be Sendable-agnostic.
final class RunCounter: @unchecked Sendable {
    // @unchecked Sendable: used by one test thread at a time (the operations run synchronously).
    private(set) var count = 0
    func increment() { count += 1 }
}
