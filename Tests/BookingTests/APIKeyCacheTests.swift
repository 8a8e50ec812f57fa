@testable import Booking
import Foundation
@testable import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Verified API keys kept in memory, trusted only while every change is heard")
struct APIKeyCacheTests {
    /// A monotonic clock the test moves.
    final class Instants: Sendable {
        private let offset = Mutex(Duration.zero)
        private let start = ContinuousClock.now
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    }

    /// Applies what `listener` hears until `cache` has heard the database's
    /// latest key change (the "caught up to change N" hook; never a sleep).
    static func catchUp(_ cache: APIKeyCache, listener: Connection, pool: ConnectionPool) throws {
        let latest = try pool.withConnection { try APIKeyCache.latestChange(on: $0) }
        let deadline = ContinuousClock.now + .seconds(10)
        while cache.heard < latest {
            try #require(ContinuousClock.now < deadline, "change \(latest) not heard; heard \(cache.heard)")
            cache.apply(try listener.waitForNotifications(timeout: .seconds(1)))
        }
    }

    @Test func aKeptKeyIsRefusedOnceItsRevocationOrItsBusinessBeingDisabledIsHeard() throws {
        try Salon.with { salon in
            let cache = APIKeyCache()
            let listener = try salon.database.connect()
            try cache.subscribe(listener)
            let business = salon.seeded.businessID
            let admin = try salon.pool.withTransaction { try APIKeyStore.create(business: business, scope: .admin, on: $0) }
            let verify = { (secret: String) in try APIKeyStore.verify(secret, cache: cache, pool: salon.pool) }
            #expect(try verify(admin.secret)?.scope == .admin && verify(salon.seeded.publicKey)?.businessID == business)
            #expect(cache.statistics.entries == 2 && cache.statistics.misses == 2)

            // From memory now, still checked: a wrong secret under a kept prefix is refused.
            var tampered = Array(admin.secret)
            tampered[30] = tampered[30] == "A" ? "B" : "A"
            #expect(try verify(String(tampered)) == nil && verify(admin.secret)?.keyID == admin.key.id)
            #expect(cache.statistics.hits == 2)

            _ = try salon.pool.withTransaction { try APIKeyStore.revoke(business: business, key: admin.key.id, on: $0) }
            #expect(try verify(admin.secret) != nil, "kept until the revocation is heard")
            try Self.catchUp(cache, listener: listener, pool: salon.pool)
            #expect(try verify(admin.secret) == nil && verify(salon.seeded.publicKey) != nil)

            _ = try salon.pool.withTransaction { try BusinessStore.disable(business, on: $0) }
            try Self.catchUp(cache, listener: listener, pool: salon.pool)
            #expect(try verify(salon.seeded.publicKey) == nil)
            #expect(cache.statistics.entries == 0)
        }
    }

    @Test func withoutAListenerProvedAliveEveryKeyIsReadFromTheDatabase() throws {
        try Salon.with { salon in
            let instants = Instants()
            let cache = APIKeyCache(trustWindow: .seconds(5), now: { instants.now })
            let key = salon.seeded.publicKey
            let verify = { try APIKeyStore.verify(key, cache: cache, pool: salon.pool) }
            #expect(try verify() != nil && verify() != nil)
            #expect(!cache.isTrusted && cache.statistics.entries == 0, "nothing kept before the listener subscribed")

            let listener = try salon.database.connect()
            try cache.subscribe(listener)
            #expect(try verify() != nil && verify() != nil)
            #expect(cache.statistics.entries == 1 && cache.statistics.hits == 1)

            // The listener went quiet past the window: the next change is not heard, and not needed.
            instants.advance(.seconds(6))
            #expect(!cache.isTrusted)
            _ = try salon.pool.withConnection { try $0.execute("UPDATE api_keys SET revoked_at = booknow_now() WHERE prefix = $1", [String(key.prefix(16))]) }
            #expect(try verify() == nil)
            // A confirmation after the window ran out starts over (the revocation is still unheard here).
            cache.confirmed()
            #expect(try cache.isTrusted && cache.statistics.entries == 0 && verify() == nil)

            cache.lost()
            #expect(!cache.isTrusted)
            cache.confirmed()
            #expect(!cache.isTrusted, "only a new subscription trusts a lost listener again")
        }
    }

    @Test func aRowReadBeforeAChangeIsHeardIsNotKept() throws {
        try Salon.with { salon in
            let cache = APIKeyCache()
            try cache.subscribe(try salon.database.connect())
            let ticket = try #require(cache.ticket())
            let grant = APIKeyStore.Grant(businessID: salon.seeded.businessID, keyID: UUID(), scope: .public, prefix: "bk_pub_012345678")
            cache.apply([PostgresNotification(channel: APIKeyCache.channel, payload: "7", senderPID: 1)])
            cache.keep("bk_pub_012345678", APIKeyCache.Entry(hash: Data(count: 32), grant: grant), ticket: ticket)
            #expect(cache.statistics.entries == 0 && cache.heard == 7)
            // Other channels are not changes.
            let fresh = try #require(cache.ticket())
            cache.apply([PostgresNotification(channel: "template_changed", payload: "x", senderPID: 1)])
            cache.keep("bk_pub_012345678", APIKeyCache.Entry(hash: Data(count: 32), grant: grant), ticket: fresh)
            #expect(cache.statistics.entries == 1)
        }
    }

    @Test func aFullCacheStartsOver() throws {
        try Salon.with { salon in
            let cache = APIKeyCache(maxEntries: 2)
            try cache.subscribe(try salon.database.connect())
            for index in 0..<3 {
                let prefix = "bk_pub_00000000\(index)"
                let grant = APIKeyStore.Grant(businessID: salon.seeded.businessID, keyID: UUID(), scope: .public, prefix: prefix)
                cache.keep(prefix, APIKeyCache.Entry(hash: Data(count: 32), grant: grant), ticket: try #require(cache.ticket()))
            }
            #expect(cache.statistics.entries == 1)
        }
    }
}
