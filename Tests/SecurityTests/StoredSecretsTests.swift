@testable import Booking
import APITestSupport
import Crypto
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

@Suite("API keys and manage tokens are random, stored only as hashes, and checked in constant time")
struct StoredSecretsTests {
    static let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// Every row of every table in the schema, as text: where a leaked secret would show.
    static let everyRow = """
        SELECT string_agg(t.table_name || ':' || query_to_xml(format('SELECT * FROM %I', t.table_name), false, false, '')::text, E'\\n')
        FROM information_schema.tables t WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        """

    @Test func noTableHoldsAKeyOrATokenOnlyTheirHashes() throws {
        try LiveAPIServer.with { server in
            let booked = try server.call("POST", "/v1/bookings", json: server.booking(server.salon.at(10)), key: server.publicKey)
            let token = try #require(booked.json["manage_token"] as? String)
            let joined = try server.call("POST", "/v1/waitlist", json: [
                "service": server.salon.haircut.uuidString, "location": server.salon.location.uuidString,
                "provider": "any", "wanted": [["from": server.salon.at(9).formatted(.iso8601), "until": server.salon.at(17).formatted(.iso8601)]],
                "customer": ["name": "Ada", "email": "ada@example.com", "consent_email": true],
            ], key: server.publicKey)
            let waitlistToken = try #require(joined.json["token"] as? String, "\(joined.text)")
            let rows = try server.salon.scalar(String.self, Self.everyRow)
            // The query sees the keys' rows: their non-secret lookup prefixes are there.
            #expect(rows.contains(String(server.adminKey.prefix(16))) && rows.contains("waitlist"))
            for secret in [server.publicKey, server.adminKey, server.otherAdminKey, token, waitlistToken, TestKeys.linkKey] {
                #expect(!rows.contains(secret), "a table holds a secret in the clear")
                #expect(!rows.contains(String(secret.dropFirst(16))), "a table holds the random part of a secret")
            }
            let hash = Data(SHA256.hash(Array(token.utf8)))
            #expect(try server.salon.scalar(Int.self, "SELECT count(*)::int FROM bookings WHERE manage_token_hash = $1", [hash]) == 1)
            let keyHash = Data(SHA256.hash(Array(server.adminKey.utf8)))
            #expect(try server.salon.scalar(Int.self, "SELECT count(*)::int FROM api_keys WHERE hash = $1", [keyHash]) == 1)
        }
    }

    @Test func keysAndTokensCarryAtLeast128RandomBits() throws {
        try SalonFixture.with(outbox: RecordingOutbox()) { salon in
            let secrets = try salon.pool.withTransaction { connection in
                try (0..<20).map { index in
                    try APIKeyStore.create(business: salon.seeded.businessID, scope: index.isMultiple(of: 2) ? .public : .admin, on: connection).secret
                }
            }
            #expect(Set(secrets).count == secrets.count)
            for secret in secrets {
                let random = secret.dropFirst("bk_pub_".count)
                #expect(secret.hasPrefix("bk_pub_") || secret.hasPrefix("bk_adm_"))
                // 6 bits a base64url character: 43 characters carry 256 bits.
                #expect(random.count * 6 >= 128 && random.allSatisfy(Self.base64URL.contains))
            }
            let tokens = (0..<20).map { _ in TestKeys.manageTokens.token(for: UUID()) }
            #expect(Set(tokens).count == tokens.count)
            #expect(tokens.allSatisfy { $0.count * 6 >= 128 && $0.allSatisfy(Self.base64URL.contains) })
            #expect(ManageToken.textLength * 6 >= 256)
        }
    }

    /// The key check compares digests through `ConstantTime.equals`
    /// (`CRYPTO_memcmp`); a key one character off, or cut short, is refused.
    @Test func verificationComparesDigestsInConstantTime() throws {
        let source = try String(contentsOf: TestEnvironment.repository().appendingPathComponent("Sources/Booking/APIKeyStore.swift"), encoding: .utf8)
        #expect(source.contains("ConstantTime.equals(SHA256.hash(Array(presented.utf8)), entry.hash)"))
        #expect(!source.contains("== entry.hash") && !source.contains("entry.hash =="))
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        try SalonFixture.with(outbox: RecordingOutbox()) { salon in
            let secret = salon.seeded.publicKey
            let flipped = String(secret.dropLast()) + (secret.hasSuffix("A") ? "B" : "A")
            let grants = try salon.pool.withConnection { connection in
                try [secret, flipped, String(secret.dropLast())].map { try APIKeyStore.verify($0, on: connection) }
            }
            #expect(grants.map { $0 != nil } == [true, false, false])
            let uncached = try [secret, flipped, String(secret.dropLast())].map { try APIKeyStore.verify($0, cache: nil, pool: salon.pool) }
            #expect(uncached.map { $0 != nil } == [true, false, false])
            // The same from this daemon's memory: the first pass keeps the key's row, the second uses it.
            let cache = APIKeyCache()
            try cache.subscribe(try salon.database.connect())
            for _ in 0..<2 {
                let kept = try [secret, flipped, String(secret.dropLast())].map { try APIKeyStore.verify($0, cache: cache, pool: salon.pool) }
                #expect(kept.map { $0 != nil } == [true, false, false])
            }
            #expect(cache.statistics.hits == 3 && cache.statistics.misses == 1)
        }
    }
}
