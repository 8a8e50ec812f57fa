@testable import Booking
@testable import BusinessConsole
import Foundation
import Postgres
import Testing
import TestSupport

/// The waitlist page: a location's entries in queue order with the times they
/// want and the offers they were made, filtered, and read only through the
/// session's business.
@Suite("Business console waitlist")
struct WaitlistPageTests {
    /// Joins the Downtown waitlist for the Monday's `from`–`until` (hours), each in a transaction of its own (its own created_at).
    @discardableResult
    static func join(_ world: ConsoleWorld, _ name: String, provider: UUID?, service: UUID? = nil, from: Int = 9, until: Int = 12) throws -> UUID {
        let salon = world.salon
        let store = WaitlistStore(pool: salon.pool, tokens: TestKeys.manageTokens)
        let request = WaitlistRequest(
            business: salon.seeded.businessID, location: salon.location, service: service ?? salon.haircut, provider: provider,
            wanted: [salon.at(from)..<salon.at(until)],
            customer: CustomerDetails(name: name, email: "\(name.split(separator: " ")[0].lowercased())@example.com", phone: nil,
                                      locale: "en", consentEmail: true, consentSMS: false))
        return try salon.pool.withTransaction { try store.join(request, on: $0).entry.id }
    }

    /// Frees Ava's 10:00 on the Monday as a cancellation would: the first fitting entry is held it.
    static func freeAvasTen(_ world: ConsoleWorld) throws -> Int {
        let salon = world.salon
        let offers = WaitlistOffers(outbox: salon.outbox, tokens: TestKeys.manageTokens)
        let freed = WaitlistOffers.FreedTime(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                             provider: salon.ava, range: salon.at(10)..<salon.at(10, 45))
        return try salon.pool.withTransaction { try offers.offer(freed, on: $0) }
    }

    static func row(_ id: UUID, in html: String) -> String? {
        guard let start = html.range(of: "id=\"entry-\(id.uuidString.lowercased())\"") else { return nil }
        return String(html[start.lowerBound...].prefix { $0 != "\n" })
    }

    @Test func theQueueListsEntriesInOrderWithTheirWantedTimesAndOffers() throws {
        try ConsoleWorld.with { world in
            let grace = try Self.join(world, "Grace Hopper", provider: world.salon.ava)
            let hedy = try Self.join(world, "Hedy Lamarr", provider: nil, from: 13, until: 17)
            let ida = try Self.join(world, "Ida Rhodes", provider: world.salon.ben)
            #expect(try Self.freeAvasTen(world) == 1)
            let held = try world.salon.scalar(UUID.self, "SELECT offered_booking_id FROM waitlist_entries WHERE id = $1", [grace])

            let owner = try world.signIn()
            let page = try owner.get("/console/waitlist")
            #expect(page.status == 200 && page.text.contains("America/New_York") && page.text.contains("aria-current=\"page\">Waitlist"))
            let html = page.text
            let order = [grace, hedy, ida].compactMap { html.range(of: "entry-\($0.uuidString.lowercased())")?.lowerBound }
            #expect(order.count == 3 && order == order.sorted(), "first come, first listed")

            let graceRow = try #require(Self.row(grace, in: html))
            #expect(graceRow.contains("data-status=\"offered\"") && graceRow.contains("/console/bookings/\(held.uuidString.lowercased())"))
            #expect(graceRow.contains("10:00–10:30") && graceRow.contains("data-state=\"held\"") && graceRow.contains("Held until"))
            #expect(graceRow.contains("09:00–12:00") && graceRow.contains("Grace Hopper") && graceRow.contains("Ava"))
            let hedyRow = try #require(Self.row(hedy, in: html))
            // Grace is offered, so Hedy is next for a haircut here, then Ida.
            #expect(hedyRow.contains("<td>1</td>") && hedyRow.contains("13:00–17:00") && hedyRow.contains("Anyone") && hedyRow.contains("None yet"))
            #expect(try #require(Self.row(ida, in: html)).contains("<td>2</td>"))

            // The held booking is the business's, with its own page.
            #expect(try owner.get("/console/bookings/\(held.uuidString.lowercased())").status == 200)

            // The hold runs out: the offer says so, and the entry leaves the open queue.
            try world.moveClock(by: 20 * 60)
            let offers = WaitlistOffers(outbox: world.salon.outbox, tokens: TestKeys.manageTokens)
            let business = world.salon.seeded.businessID
            _ = try world.salon.pool.withTransaction { try offers.expire(business: business, booking: held, on: $0) }
            let again = try world.signIn()
            #expect(Self.row(grace, in: try again.get("/console/waitlist").text) == nil)
            let expired = try #require(Self.row(grace, in: try again.get("/console/waitlist?state=expired").text))
            #expect(expired.contains("data-state=\"expired\"") && expired.contains("Ended") && !expired.contains("Held until"))
        }
    }

    @Test func anAcceptedOfferWhoseBookingIsCancelledSaysSo() throws {
        try ConsoleWorld.with { world in
            let grace = try Self.join(world, "Grace Hopper", provider: world.salon.ava)
            #expect(try Self.freeAvasTen(world) == 1)
            let held = try world.salon.scalar(UUID.self, "SELECT offered_booking_id FROM waitlist_entries WHERE id = $1", [grace])
            let offers = WaitlistOffers(outbox: world.salon.outbox, tokens: TestKeys.manageTokens)
            let business = world.salon.seeded.businessID
            _ = try world.salon.pool.withTransaction {
                try offers.accept(token: TestKeys.manageTokens.make(for: held).token, business: business, on: $0)
            }
            let owner = try world.signIn()
            let accepted = try #require(Self.row(grace, in: try owner.get("/console/waitlist?state=booked").text))
            #expect(accepted.contains("data-state=\"accepted\"") && !accepted.contains("Held until"))
            let cancelled = try owner.post("/console/bookings/\(held.uuidString.lowercased())/cancel", [("reason", "Closed that morning")])
            #expect(cancelled.status == 303)
            let row = try #require(Self.row(grace, in: try owner.get("/console/waitlist?state=booked").text))
            #expect(row.contains("data-state=\"cancelled\"") && row.contains("Booking cancelled") && row.contains("Ended"))
        }
    }

    @Test func filtersNarrowTheQueueAndABadOneSaysWhat() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let grace = try Self.join(world, "Grace Hopper", provider: salon.ava)
            let hedy = try Self.join(world, "Hedy Lamarr", provider: nil)
            let ida = try Self.join(world, "Ida Rhodes", provider: salon.ben)
            let color = salon.seeded.serviceIDs[1]
            let joan = try Self.join(world, "Joan Clarke", provider: nil, service: color)
            _ = try salon.pool.withTransaction { connection in
                try connection.execute("UPDATE waitlist_entries SET status = 'left' WHERE id = $1", [ida])
            }
            let owner = try world.signIn()
            func listed(_ query: String) throws -> [UUID] {
                let page = try owner.get("/console/waitlist?" + query)
                #expect(page.status == 200, "\(query)")
                return [grace, hedy, ida, joan].filter { Self.row($0, in: page.text) != nil }
            }
            let location = salon.location.uuidString.lowercased()
            #expect(try listed("location=\(location)") == [grace, hedy, joan], "the open queue by default")
            #expect(try listed("state=all") == [grace, hedy, ida, joan])
            #expect(try listed("state=left") == [ida])
            #expect(try listed("service=\(color.uuidString.lowercased())") == [joan])
            // Ben's freed time goes to his entries and to those for anyone.
            #expect(try listed("provider=\(salon.ben.uuidString.lowercased())&state=all") == [hedy, ida, joan])
            let london = salon.seeded.locationIDs[1].uuidString.lowercased()
            let soho = try owner.get("/console/waitlist?location=\(london)")
            #expect(soho.status == 200 && soho.text.contains("Europe/London") && soho.text.contains("id=\"no-entries\""))

            let bad = try owner.get("/console/waitlist?state=gone")
            #expect(bad.status == 422 && bad.text.contains("id=\"waitlist-error\"") && Self.row(grace, in: bad.text) != nil)
            #expect(try owner.get("/console/waitlist?location=\(UUID().uuidString)").status == 404)
            #expect(try owner.get("/console/waitlist?location=not-an-id").status == 404)
            #expect(try owner.get("/console/waitlist?service=\(UUID().uuidString)").status == 404)
            // A provider of another of the business's locations is not in this location's queue.
            let chloe = try salon.pool.withConnection {
                try Catalog.providers(business: salon.seeded.businessID, location: salon.seeded.locationIDs[1], on: $0)[0].id
            }
            #expect(try owner.get("/console/waitlist?provider=\(chloe.uuidString)").status == 404)
            #expect(try owner.get("/console/waitlist?after=\(UUID().uuidString)").status == 404)
            #expect(try owner.get("/console/waitlist?after=nope").status == 404)
        }
    }

    @Test func pagesFollowTheQueueByKeyset() throws {
        try ConsoleWorld.with { world in
            let count = BusinessConsole.waitlistPageSize + 1
            let ids = try (1...count).map { try Self.join(world, "Waiting \($0)", provider: nil) }
            let business = world.salon.seeded.businessID
            let filter = WaitlistStore.QueueFilter(location: world.salon.location)
            var seen: [UUID] = []
            var places: [Int?] = []
            var after: UUID?
            repeat {
                let page = try world.salon.pool.withConnection {
                    try WaitlistStore.queue(business: business, filter: filter, after: after, limit: 20, on: $0)
                }
                seen += page.entries.map(\.entry.id)
                places += page.entries.map(\.place)
                after = page.more ? page.entries.last?.entry.id : nil
            } while after != nil
            #expect(seen == ids && places == (1...count).map { $0 })

            let owner = try world.signIn()
            let first = try owner.get("/console/waitlist")
            #expect(Self.row(ids[count - 2], in: first.text) != nil && Self.row(ids[count - 1], in: first.text) == nil)
            let link = try #require(first.text.range(of: #"href="(/console/waitlist\?[^"]+)" id="more-entries""#, options: .regularExpression))
            let target = String(first.text[link].dropFirst(6).prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            #expect(target.contains("after=\(ids[count - 2].uuidString.lowercased())"))
            let second = try owner.get(target)
            #expect(second.status == 200 && Self.row(ids[count - 1], in: second.text) != nil && Self.row(ids[0], in: second.text) == nil)
            #expect(!second.text.contains("id=\"more-entries\""))
        }
    }
}
