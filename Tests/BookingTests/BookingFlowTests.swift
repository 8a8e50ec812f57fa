import Booking
import Crypto
import Foundation
import Postgres
import Scheduling
import Testing
import TestSupport
import Vocabulary

@Suite("Booking operations against PostgreSQL: book, cancel, reschedule, conflicts")
struct BookingFlowTests {
    @Test func availabilityLeavesOutLunchAndBookedTimeAndBookingAppearsInIt() throws {
        try Salon.with { salon in
            let day = salon.at(0)..<salon.at(0, days: 1)
            let before = try salon.store.availability(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                                      provider: salon.ava, in: day).slots.map(\.start)
            #expect(before.first == salon.at(9) && before.last == salon.at(16, 15))
            #expect(!before.contains(salon.at(11, 30)) && !before.contains(salon.at(12)) && before.contains(salon.at(11, 15)))
            try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let after = try salon.store.availability(business: salon.seeded.businessID, location: salon.location, service: salon.haircut,
                                                     provider: salon.ava, in: day).slots.map(\.start)
            // 10:00 blocks 10:00–10:45, so 9:30 (9:30–10:15) up to 10:30 are gone, 9:15 and 10:45 stay.
            #expect(after.contains(salon.at(9, 15)) && after.contains(salon.at(10, 45)))
            #expect(!after.contains(salon.at(9, 30)) && !after.contains(salon.at(10, 30)))
        }
    }

    @Test func bookStoresTheBlockedIntervalNoticeAndOnlyTheTokensHashAndEnqueuesTheConfirmation() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava, phone: "+14155550100"))
            #expect(booked.booking.status == .confirmed && booked.booking.version == 1 && booked.booking.providerID == salon.ava)
            #expect(booked.manageToken.count == 43)
            let row = try salon.pool.withConnection {
                try $0.query("""
                    SELECT blocked, extract(epoch FROM cancellation_notice)::int AS notice, manage_token_hash FROM bookings WHERE id = $1
                    """, [booked.booking.id])[0]
            }
            #expect(try row.decode(Range<Date>.self, "blocked") == salon.at(10)..<salon.at(10, 45))
            #expect(try row.decode(Int.self, "notice") == 86_400)
            #expect(try row.decode(Data.self, "manage_token_hash") == Data(SHA256.hash(Array(booked.manageToken.utf8))))
            let messages = salon.outbox.all.filter { $0.message?.audience == .customer }
            #expect(messages.map(\.queue) == ["email", "sms"] && messages.allSatisfy { $0.kind == .sendMessage })
            let staff = salon.outbox.all.filter { $0.message?.audience == .staff }
            #expect(staff.map(\.queue) == ["email"] && staff[0].dedupeKey.hasSuffix(":v1:booking_confirmed"))
            #expect(messages[0].message?.message == .bookingConfirmed && messages[0].message?.bookingVersion == 1)
            #expect(messages[0].deadline == salon.at(10) && messages[0].dedupeKey.hasSuffix(":v1:booking_confirmed:email"))
            #expect(salon.outbox.changes == [BookingChange(.confirmed, business: salon.seeded.businessID, booking: booked.booking.id, version: 1)])
        }
    }

    @Test func theWorkOfARolledBackBookingIsNeverCountedAsEnqueued() throws {
        struct Boom: Error {}
        try Salon.with { salon in
            #expect(throws: Boom.self) {
                try salon.pool.withTransaction { connection in
                    _ = try salon.store.book(salon.request(salon.at(10), provider: salon.ava), on: connection)
                    throw Boom()
                }
            }
            #expect(salon.outbox.all.isEmpty && salon.outbox.changes.isEmpty)
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            #expect(salon.outbox.changes.map(\.booking) == [booked.booking.id])
        }
    }

    @Test func aTakenSlotIsAConflictWithTheThreeNearestFreeStarts() throws {
        try Salon.with { salon in
            try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let error = try #require(throws: BookingError.self) {
                try salon.store.book(salon.request(salon.at(10, 15), provider: salon.ava, email: "bo@example.com"))
            }
            #expect(error.code == .slotUnavailable)
            #expect(error.alternatives.map(\.start) == [salon.at(9, 15), salon.at(10, 45), salon.at(11)])
            // Nothing of the refused attempt stays behind.
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM customers") == 1)
        }
    }

    @Test func alternativesDaysAwayLeaveOutBookingsMadeThen() throws {
        try Salon.with { salon in
            // Ava is away Friday–Sunday before and Tuesday–Thursday after the Monday, and
            // busy that Monday until 16:00; she is booked at 16:00 and on Friday at 9:00.
            let business = salon.seeded.businessID, ava = salon.ava, monday = salon.monday
            try salon.pool.withConnection { connection in
                for (first, last) in [(-3, -1), (1, 3)] {
                    try connection.execute("""
                        INSERT INTO time_off (business_id, provider_id, kind, dates) VALUES ($1, $2, 'holiday', daterange($3::date, $4::date, '[]'))
                        """, [business, ava, monday.adding(days: first).description, monday.adding(days: last).description])
                }
                try connection.execute("INSERT INTO time_off (business_id, provider_id, kind, period) VALUES ($1, $2, 'personal', tstzrange($3, $4))",
                                       [business, ava, salon.at(9), salon.at(16)])
            }
            try salon.store.book(salon.request(salon.at(16), provider: salon.ava))
            try salon.store.book(salon.request(salon.at(9, days: 4), provider: salon.ava, email: "bo@example.com"))
            let error = try #require(throws: BookingError.self) {
                try salon.store.book(salon.request(salon.at(16), provider: salon.ava, email: "cy@example.com"))
            }
            #expect(error.code == .slotUnavailable)
            #expect(error.alternatives.map(\.start) == [salon.at(9, 45, days: 4), salon.at(10, days: 4), salon.at(10, 15, days: 4)])
        }
    }

    @Test func anyProviderBooksTheNextFreeProviderAndRefusesWhenAllAreTaken() throws {
        try Salon.with { salon in
            let first = try salon.store.book(salon.request(salon.at(14), provider: nil))
            let second = try salon.store.book(salon.request(salon.at(14), provider: nil))
            #expect(Set([first.booking.providerID, second.booking.providerID]) == [salon.ava, salon.ben])
            let error = try #require(throws: BookingError.self) { try salon.store.book(salon.request(salon.at(14), provider: nil)) }
            #expect(error.code == .slotUnavailable && error.alternatives.count == 3)
        }
    }

    @Test func theEngineSaysWhyAStartCannotBeBooked() throws {
        try Salon.with { salon in
            let cases: [(Date, String)] = [
                (salon.at(12), "provider_time_off"), (salon.at(16, 30), "outside_hours"), (salon.at(9, 7), "off_grid"),
                (salon.at(10, days: 6), "outside_hours"), (Date().addingTimeInterval(-3600), "too_soon"),
                (salon.at(10, days: 120), "beyond_horizon"),
            ]
            for (start, code) in cases {
                let error = try #require(throws: BookingError.self) { try salon.store.book(salon.request(start, provider: salon.ava)) }
                #expect(error.code == .notBookable && error.schedulingCode == code, "\(start)")
            }
        }
    }

    @Test func cancelFreesTheSlotAtOnceAndEnqueuesTheNoticeAndSlotReleased() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let cancelled = try salon.store.cancel(manageToken: booked.manageToken, business: salon.seeded.businessID, reason: "ill")
            #expect(cancelled.status == .cancelled && cancelled.version == 2 && !cancelled.isChangeable)
            let items = salon.outbox.all.filter { $0.message?.audience != .staff }.dropFirst()
            #expect(items.map(\.kind) == [.sendMessage, .slotReleased])
            #expect(items.first?.message?.message == .bookingCancelled && items.first?.message?.bookingVersion == 2)
            guard case .slotReleased(let released) = items.last?.work else { Issue.record("no slot_released"); return }
            #expect(released.freed == salon.at(10)..<salon.at(10, 45))
            #expect(salon.outbox.changes.last == BookingChange(.cancelled, business: salon.seeded.businessID, booking: booked.booking.id, version: 2))
            try salon.store.book(salon.request(salon.at(10), provider: salon.ava, email: "next@example.com"))
            let again = try #require(throws: BookingError.self) {
                try salon.store.cancel(manageToken: booked.manageToken, business: salon.seeded.businessID, reason: nil)
            }
            #expect(again.code == .notActive)
        }
    }

    @Test func rescheduleMovesAtomicallyBumpsTheVersionAndReleasesTheOldTime() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let blocker = try salon.store.book(salon.request(salon.at(14), provider: salon.ava, email: "bo@example.com"))
            let conflict = try #require(throws: BookingError.self) {
                try salon.store.reschedule(manageToken: booked.manageToken, business: salon.seeded.businessID, to: salon.at(14, 15))
            }
            #expect(conflict.code == .slotUnavailable && !conflict.alternatives.isEmpty)
            // Overlapping its own old time is fine: the booking does not conflict with itself.
            let moved = try salon.store.reschedule(manageToken: booked.manageToken, business: salon.seeded.businessID, to: salon.at(10, 15))
            #expect(moved.booking.startsAt == salon.at(10, 15) && moved.booking.version == 2 && moved.booking.status == .confirmed)
            #expect(!moved.unchanged)
            let released = try #require(salon.outbox.all.last)
            guard case .slotReleased(let freed) = released.work else { Issue.record("no slot_released"); return }
            #expect(freed.freed.lowerBound == salon.at(10))
            #expect(salon.outbox.all.contains { $0.message?.message == .bookingRescheduled && $0.message?.bookingVersion == 2 })
            #expect(salon.outbox.changes.last == BookingChange(.moved, business: salon.seeded.businessID, booking: booked.booking.id, version: 2))
            #expect(blocker.booking.version == 1)
        }
    }

    /// A move to the booking's own time bumped the version and mailed the
    /// customer "Moved: … is now" the same time.
    @Test func rescheduleToTheSameTimeChangesNothingAndTellsNobody() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let queued = salon.outbox.all.count
            let same = try salon.store.reschedule(manageToken: booked.manageToken, business: salon.seeded.businessID, to: salon.at(10))
            #expect(same.unchanged && same.booking.version == 1 && same.booking.startsAt == salon.at(10))
            #expect(salon.outbox.all.count == queued)
            let byAdmin = try salon.pool.withTransaction {
                try salon.store.reschedule(booking: booked.booking.id, business: salon.seeded.businessID, to: salon.at(10), on: $0)
            }
            #expect(byAdmin.unchanged && byAdmin.booking.version == 1 && salon.outbox.all.count == queued)
        }
    }

    @Test func customersMayChangeUntilTwentyFourHoursBeforeByTheDatabaseClock() throws {
        try Salon.with { salon in
            let early = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let late = try salon.store.book(salon.request(salon.at(11), provider: salon.ava, email: "bo@example.com"))
            let business = salon.seeded.businessID
            try salon.setDatabaseNow(salon.at(10).addingTimeInterval(-86_400 - 60))
            #expect(try salon.store.booking(manageToken: early.manageToken, business: business).isChangeable)
            #expect(try salon.store.cancel(manageToken: early.manageToken, business: business, reason: nil).status == .cancelled)
            try salon.setDatabaseNow(salon.at(11).addingTimeInterval(-86_400 + 60))
            #expect(try !salon.store.booking(manageToken: late.manageToken, business: business).isChangeable)
            for attempt in [
                { _ = try salon.store.cancel(manageToken: late.manageToken, business: business, reason: nil) },
                { _ = try salon.store.reschedule(manageToken: late.manageToken, business: business, to: salon.at(15)) },
            ] as [() throws -> Void] {
                let error = try #require(throws: BookingError.self) { try attempt() }
                #expect(error.code == .noticePassed)
            }
        }
    }

    @Test func aLaterPolicyChangeDoesNotMoveABookingsDeadline() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            try salon.pool.withConnection { try $0.execute("UPDATE businesses SET cancellation_notice = '72 hours'") }
            let record = try salon.store.booking(manageToken: booked.manageToken, business: salon.seeded.businessID)
            #expect(record.changeDeadline == salon.at(10).addingTimeInterval(-86_400))
        }
    }

    @Test func aManageTokenOnlyWorksWithinItsBusiness() throws {
        try Salon.with { salon in
            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            let other = try salon.pool.withTransaction { try BusinessStore.create(name: "Other", timeZone: "Europe/Paris", on: $0) }
            for business in [other.id, salon.seeded.businessID] {
                for token in [business == other.id ? booked.manageToken : "short", String(repeating: "A", count: 43)] {
                    let error = try #require(throws: BookingError.self) { try salon.store.booking(manageToken: token, business: business) }
                    #expect(error.code == .notFound)
                }
            }
        }
    }
}
