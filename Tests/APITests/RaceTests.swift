import Foundation
import HTTPServer
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Concurrent bookings of one provider never overlap")
struct RaceTests {
    /// 200 clients at once ask for one provider at overlapping times. Whatever
    /// order they arrive in, the answers must be exactly right: the winners
    /// never overlap (checked in SQL), every loser got 409 slot_unavailable,
    /// and every loser's time really overlaps a winner's (it did not fit).
    @Test func twoHundredConcurrentRequestsBookOnlyWhatFits() throws {
        try APIWorld.with { world in
            // Every grid start whose 45 minutes (30 + cleanup) fit around lunch.
            let starts = (0..<10).map { world.at(9, 0).adding(minutes: 15 * $0) } + (0..<14).map { world.at(13, 0).adding(minutes: 15 * $0) }
            let answers = Mutex<[(start: String, status: Int, code: String?)]>([])
            onThreads(200) { index in
                let start = starts[(index * 7) % starts.count]
                // A client that times out retries with its Idempotency-Key, so a
                // request that did book is answered as booked, never twice.
                var answer: TestResponse?
                for _ in 0..<5 where answer == nil {
                    answer = try? world.call("POST", "/v1/bookings", json: world.booking(start, email: "c\(index)@example.com"),
                                             headers: [("Idempotency-Key", "race-\(index)")])
                }
                answers.withLock { $0.append((start, answer?.status ?? 0, answer?.json["code"] as? String)) }
            }
            let all = answers.withLock { $0 }
            let won = all.filter { $0.status == 201 }
            let lost = all.filter { $0.status == 409 }
            #expect(won.count + lost.count == 200, "\(Dictionary(grouping: all, by: \.status).mapValues(\.count)) \(world.serverErrors().prefix(3))")
            #expect(Set(lost.map { $0.code ?? "none" }) == ["slot_unavailable"])
            #expect(!won.isEmpty && won.count <= 10)
            let winners = won.map { Date.from($0.start) }
            for loser in lost {
                let start = Date.from(loser.start)
                #expect(winners.contains { abs($0.timeIntervalSince(start)) < 45 * 60 }, "\(loser.start) did fit")
            }
            let stored = try world.scalar(Int.self, "SELECT count(*)::int FROM bookings")
            let overlapping = try world.scalar(Int.self, """
                SELECT count(*)::int FROM bookings a JOIN bookings b
                  ON a.business_id = b.business_id AND a.provider_id = b.provider_id AND a.id < b.id AND a.blocked && b.blocked
                WHERE a.status IN ('confirmed', 'held') AND b.status IN ('confirmed', 'held')
                """)
            #expect(stored == won.count && overlapping == 0)
        }
    }

    /// 100 clients at once for the same slot: one 201, 99 409s, no 500. Before
    /// bookings of one provider took turns (BookingStore.lockProvider), the
    /// inserts waited on each other's undecided rows until PostgreSQL's
    /// deadlock detector failed some (40P01, answered 500) after a second.
    @Test func oneSlotWantedByAHundredClientsHasOneWinnerAndNoErrors() throws {
        try APIWorld.with { world in
            let statuses = Mutex<[Int]>([])
            onThreads(100) { index in
                // A client whose read times out on a loaded host asks again with
                // its Idempotency-Key, so it learns its first answer, never books twice.
                var answer: TestResponse?
                for _ in 0..<5 where answer == nil {
                    answer = try? world.call("POST", "/v1/bookings", json: world.booking(world.at(10), email: "r\(index)@example.com"),
                                             headers: [("Idempotency-Key", "one-slot-\(index)")])
                }
                statuses.withLock { $0.append(answer?.status ?? 0) }
            }
            let all = statuses.withLock { $0 }
            #expect(all.filter { $0 == 201 }.count == 1 && all.filter { $0 == 409 }.count == 99,
                    "\(Dictionary(grouping: all, by: { $0 }).mapValues(\.count)) \(world.serverErrors().prefix(3))")
        }
    }
}

extension String {
    /// An RFC 3339 instant `minutes` later, spelled the same way.
    func adding(minutes: Int) -> String { Date.from(self).addingTimeInterval(Double(minutes) * 60).formatted(.iso8601) }
}

extension Date {
    static func from(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}
