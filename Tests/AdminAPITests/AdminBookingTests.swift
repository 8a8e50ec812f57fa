import Booking
import Foundation
import HTTPServer
import Postgres
import Synchronization
import Testing
import TestSupport
import Vocabulary

@Suite("Admins list, cancel, reschedule bookings and erase customers")
struct AdminBookingTests {
    @Test func filtersNarrowTheList() throws {
        try AdminWorld.with { world in
            let first = try world.book(world.at(10))
            try world.book(world.at(11), provider: world.ben)
            try world.book(world.at(10, days: 1))
            #expect(try world.call("GET", "/v1/admin/bookings").items.count == 3)
            #expect(try world.call("GET", "/v1/admin/bookings?provider=\(world.ben)").items.count == 1)
            #expect(try world.call("GET", "/v1/admin/bookings?location=\(world.location)&from=\(world.at(0, days: 1))").items.count == 1)
            #expect(try world.call("GET", "/v1/admin/bookings?to=\(world.at(10, 30))").items.map { $0["id"] as? String } == [first])
            _ = try world.call("POST", "/v1/admin/bookings/\(first)/cancel", json: ["reason": "closed"])
            #expect(try world.call("GET", "/v1/admin/bookings?status=cancelled").items.map { $0["id"] as? String } == [first])
            let bad = try world.call("GET", "/v1/admin/bookings?status=gone&from=monday&to=\(world.at(9))&limit=500&cursor=abc&provider=x")
            #expect(bad.status == 400 && bad.fields == ["provider", "status", "from", "cursor", "limit"])
            let backwards = try world.call("GET", "/v1/admin/bookings?from=\(world.at(10))&to=\(world.at(9))")
            #expect(backwards.fields == ["to"])
        }
    }

    /// Pages of 7 over 30 bookings while other requests add 20 more, some
    /// before the cursor and some after: every booking that existed at the
    /// start is seen exactly once, and the order never goes backwards.
    @Test func cursorPagesAreStableWhileBookingsAreInserted() throws {
        try AdminWorld.with { world in
            var existing: Set<String> = []
            for day in 0..<3 {
                for hour in [9, 10, 11, 13, 14] {
                    existing.insert(try world.book(world.at(hour, days: day)))
                    existing.insert(try world.book(world.at(hour, days: day), provider: world.ben, email: "b@example.com"))
                }
            }
            var seen: [String] = []
            var starts: [String] = []
            var cursor: String?
            var inserted = 0
            repeat {
                let answer = try world.call("GET", "/v1/admin/bookings?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(answer.status == 200)
                seen += answer.items.compactMap { $0["id"] as? String }
                starts += answer.items.compactMap { $0["starts_at"] as? String }
                cursor = answer.json["next_cursor"] as? String
                // Between pages, bookings at 15:00 and 16:00 from Monday to Friday:
                // the early ones land before the cursor, the later ones after it.
                if inserted < 20 {
                    try world.book(world.at(15 + inserted % 2, days: inserted / 4), provider: inserted / 2 % 2 == 0 ? world.ava : world.ben)
                    inserted += 1
                }
            } while cursor != nil
            #expect(Set(seen).count == seen.count, "a booking was listed twice")
            #expect(existing.isSubset(of: Set(seen)), "a booking that existed at the start was skipped")
            let instants = starts.compactMap { try? Date($0, strategy: .iso8601) }
            #expect(instants == instants.sorted())
        }
    }

    @Test func adminsCancelAndRescheduleWhateverTheNoticeWithTheSameWork() throws {
        try AdminWorld.with { world in
            let booking = try world.book(world.at(10))
            // Inside the 24 h notice: the customer could no longer change it.
            try world.pool.withConnection { _ = try $0.execute("UPDATE bookings SET cancellation_notice = '2000 hours' WHERE id = $1::uuid", [booking]) }
            let before = world.outbox.all.count
            let missingReason = try world.call("POST", "/v1/admin/bookings/\(booking)/reschedule", json: ["start": world.at(14)])
            #expect(missingReason.fields == ["reason"])
            let moved = try world.call("POST", "/v1/admin/bookings/\(booking)/reschedule", json: ["start": world.at(14), "reason": "provider ill"])
            #expect(moved.status == 200 && moved.json["version"] as? Int == 2)
            let taken = try world.book(world.at(15))
            _ = taken
            let clash = try world.call("POST", "/v1/admin/bookings/\(booking)/reschedule", json: ["start": world.at(15), "reason": "again"])
            #expect(clash.status == 409 && clash.code == "slot_unavailable")
            let cancelled = try world.call("POST", "/v1/admin/bookings/\(booking)/cancel", json: ["reason": "closed for a wedding"],
                                           headers: [("Idempotency-Key", "cancel-1")])
            #expect(cancelled.status == 200 && cancelled.json["status"] as? String == "cancelled" && cancelled.json["cancel_reason"] as? String == "closed for a wedding")
            let replay = try world.call("POST", "/v1/admin/bookings/\(booking)/cancel", json: ["reason": "closed for a wedding"],
                                        headers: [("Idempotency-Key", "cancel-1")])
            #expect(replay.headers["Idempotent-Replayed"] == "true" && replay.body == cancelled.body)
            let twice = try world.call("POST", "/v1/admin/bookings/\(booking)/cancel", json: ["reason": "again"])
            #expect(twice.status == 409 && twice.code == "booking_not_active")
            let work = world.outbox.all.dropFirst(before).filter { $0.bookingID?.uuidString.lowercased() == booking }
            #expect(work.filter { $0.kind == .slotReleased }.count == 2)
            #expect(Set(work.compactMap { $0.message?.message }) == [.bookingRescheduled, .bookingCancelled])
            #expect(Set(work.filter { $0.kind == .sendMessage }.map(\.queue)) == ["email", "sms"])
            let audit = try world.call("GET", "/v1/admin/audit")
            #expect(audit.items.compactMap { $0["summary"] as? String }.prefix(2) == ["cancelled booking", "rescheduled booking to \(world.at(14))"])
            #expect(audit.items.first?["targets"] as? [String: String] == ["booking": booking])
        }
    }

    @Test func erasureLeavesNoPersonalDataAndKeepsTheBookings() throws {
        try AdminWorld.with { world in
            let booking = try world.book(world.at(10), email: "grace@example.com")
            try world.book(world.at(11), provider: world.ben, email: "other@example.com")
            _ = try world.call("POST", "/v1/admin/bookings/\(booking)/cancel", json: ["reason": "Grace Hopper called from +14155550100"])
            let customer = try world.scalar(String.self, "SELECT customer_id::text FROM bookings WHERE id = $1::uuid", [booking])
            let shown = try world.call("GET", "/v1/admin/customers/\(customer)")
            #expect(shown.json["email"] as? String == "grace@example.com" && shown.json["booking_count"] as? Int == 1)
            let erased = try world.call("POST", "/v1/admin/customers/\(customer)/erase")
            #expect(erased.status == 200 && erased.json["name"] as? String == "" && erased.json["email"] is NSNull && erased.json["erased_at"] is String)
            #expect(try world.call("POST", "/v1/admin/customers/\(customer)/erase").status == 200)
            #expect(try world.call("POST", "/v1/admin/customers/\(customer)/erase", json: ["name": "x"]).fields == ["name"])
            // Nothing of hers is left in customers or bookings; the booking row is.
            let leftovers = try world.scalar(Int.self, """
                SELECT count(*)::int FROM customers c JOIN bookings b ON b.customer_id = c.id
                WHERE (c::text || b::text) ILIKE ANY (ARRAY['%grace%', '%hopper%', '%lovelace%', '%4155550100%'])
                  AND c.id = $1::uuid
                """, [customer])
            #expect(leftovers == 0)
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM bookings WHERE id = $1::uuid", [booking]) == 1)
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM customers WHERE email = 'other@example.com'") == 1)
            let calls = world.outbox.erasures
            #expect(calls.count == 2 && calls.first?.customer.uuidString.lowercased() == customer)
            #expect(calls.first?.bookings.map { $0.uuidString.lowercased() } == [booking])
            let listed = try world.call("GET", "/v1/admin/bookings?status=cancelled").items.first?["customer"] as? [String: Any]
            #expect(listed?["erased"] as? Bool == true && listed?["name"] as? String == "")
            #expect(try world.call("GET", "/v1/admin/customers/\(UUID())").status == 404)
        }
    }

    @Test func theAuditTrailPagesNewestFirst() throws {
        try AdminWorld.with { world in
            for index in 0..<5 {
                #expect(try world.call("POST", "/v1/admin/locations", json: ["name": "L\(index)", "time_zone": "UTC"]).status == 201)
            }
            _ = try world.call("POST", "/v1/admin/locations", json: ["name": ""])
            let first = try world.call("GET", "/v1/admin/audit?limit=3")
            #expect(first.items.count == 3 && first.items.first?["method"] as? String == "POST")
            #expect(first.items.first?["route"] as? String == "/v1/admin/locations" && first.items.first?["summary"] as? String == "created location")
            #expect((first.items.first?["key_prefix"] as? String).map { world.adminKey.hasPrefix($0) } == true)
            _ = try world.call("PATCH", "/v1/admin/locations/\(world.location)", json: ["name": "Downtown East"])
            let next = try world.call("GET", "/v1/admin/audit?limit=3&cursor=\(first.json["next_cursor"] as? String ?? "")")
            #expect(next.items.count == 2 && next.json["next_cursor"] == nil)
            let ids = (first.items + next.items).compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted(by: >) && Set(ids).count == 5)
            #expect(try world.call("GET", "/v1/admin/audit?cursor=-1").fields == ["cursor"])
            #expect(try world.scalar(Int.self, "SELECT count(*)::int FROM admin_audit") == 6)
        }
    }
}
