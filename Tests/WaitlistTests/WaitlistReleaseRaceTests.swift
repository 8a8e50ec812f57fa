import Booking
import Foundation
import Postgres
import Testing
import TestSupport

/// Two freed times offered at the same moment, as two daemons' workers run
/// two `slot_released` jobs: the second release runs while the first's
/// transaction is still open. resilience/run race found the second offering
/// its time to nobody, because the first had locked every fitting entry.
@Suite struct WaitlistReleaseRaceTests {
    @Test func concurrentReleasesHoldTheirTimesForTwoWaitingCustomers() throws {
        try NotificationWorld.with(serving: true) { world in
            let salon = world.salon
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9), until: salon.at(12))
            _ = try world.join("Hedy Lamarr", email: "hedy@example.com", from: salon.at(9), until: salon.at(12))
            let offered = try Self.releaseAvaAndBenAtOnce(world)
            #expect(offered == [1, 1])
            #expect(try world.scalar(String.self, """
                SELECT string_agg(c.email || ':' || e.status || ':' || p.name, ',' ORDER BY e.created_at)
                FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
                JOIN bookings b ON b.id = e.offered_booking_id AND b.status = 'held' JOIN providers p ON p.id = b.provider_id
                """) == "grace@example.com:offered:Ava,hedy@example.com:offered:Ben")
        }
    }

    @Test func concurrentReleasesEachNotifyEveryoneUnderNotifyAll() throws {
        try NotificationWorld.with(waitlistPolicy: "notify_all", serving: true) { world in
            let salon = world.salon
            _ = try world.join("Grace Hopper", email: "grace@example.com", from: salon.at(9), until: salon.at(12))
            _ = try world.join("Hedy Lamarr", email: "hedy@example.com", from: salon.at(9), until: salon.at(12))
            let offered = try Self.releaseAvaAndBenAtOnce(world)
            #expect(offered == [2, 2])
            // Each customer is told of both times (one e-mail notice each).
            #expect(try world.scalar(Int.self, "SELECT count(*)::int8 FROM jobs WHERE payload ? 'waitlist_entry_id'") == 4)
        }
    }

    /// Offers Ava's 10:00 in one transaction and, before it commits, Ben's 10:00
    /// in another; returns how many customers each offered its time to.
    static func releaseAvaAndBenAtOnce(_ world: NotificationWorld) throws -> [Int] {
        let salon = world.salon
        let offers = WaitlistOffers(outbox: salon.outbox, tokens: TestKeys.manageTokens)
        func freed(_ provider: UUID) -> WaitlistOffers.FreedTime {
            WaitlistOffers.FreedTime(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                     provider: provider, range: salon.at(10)..<salon.at(10, 45))
        }
        return try salon.pool.withTransaction { first in
            let ava = try offers.offer(freed(salon.ava), on: first)
            let ben = try salon.pool.withTransaction { second in
                // Waiting on the first's locks would wait for this very thread: fail instead of hanging.
                try second.execute("SET LOCAL lock_timeout = '5s'")
                return try offers.offer(freed(salon.ben), on: second)
            }
            return [ava, ben]
        }
    }
}
