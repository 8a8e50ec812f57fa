import Booking
import Foundation
import Notifications
import Postgres
import Testing
import TestSupport

@Suite("A booking's confirmation, notices and calendar entries reach the customer")
struct ConfirmationTests {
    @Test func aBookingSendsAConfirmationEmailWithItsCalendarEntryAndAnSMS() throws {
        try NotificationWorld.with { world in
            let booked = try world.book(world.salon.at(10))
            try world.runJobs()
            let emails = try world.emails().map(\.unfolded)
            #expect(emails.count == 1, "\(world.jobSummary())")
            let email = try #require(emails.first)
            #expect(email.contains("https://book.salon.example/manage/\(booked.manageToken)"))
            let calendar = try #require(try world.calendars().first)
            #expect(calendar.contains("METHOD:REQUEST") && calendar.contains("SEQUENCE:1"))
            #expect(calendar.contains("UID:booking-\(booked.booking.id.uuidString.lowercased())@salon.example"))
            let texts = try world.texts()
            #expect(texts.count == 1 && texts[0].contains("+14155550100"))
        }
    }

    /// No SMS said how to opt out. The confirmation (a number's first text
    /// from the business is a confirmation or a waitlist offer) does; later ones do not.
    @Test func theConfirmationSMSSaysHowToOptOutAndTheCancellationNamesTheZone() throws {
        try NotificationWorld.with { world in
            let booked = try world.book(world.salon.at(10))
            try world.runJobs()
            let confirmation = try #require(try world.texts().first)
            #expect(confirmation.contains("Reply STOP to opt out."), "\(confirmation)")
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: nil)
            try world.runJobs()
            let cancellation = try #require(try world.texts().first { $0.contains("cancelled") }, "\(world.jobSummary())")
            #expect(!cancellation.contains("STOP"))
            #expect(cancellation.contains(" EST ") || cancellation.contains(" EDT "), "\(cancellation)")
        }
    }

    @Test func aRescheduleSendsAnUpdatedCalendarEntryWithAHigherSequence() throws {
        try NotificationWorld.with { world in
            let booked = try world.book(world.salon.at(10), phone: nil)
            try world.runJobs()
            _ = try world.salon.store.reschedule(manageToken: booked.manageToken, business: world.salon.seeded.businessID, to: world.salon.at(14))
            try world.runJobs()
            let moved = try #require(try world.calendars().first { $0.contains("SEQUENCE:2") }, "\(world.jobSummary())")
            #expect(moved.contains("METHOD:REQUEST"))
        }
    }

    @Test func aCancellationSendsANoticeThatCancelsTheCalendarEntry() throws {
        try NotificationWorld.with { world in
            let booked = try world.book(world.salon.at(10), phone: nil)
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: "ill")
            try world.runJobs()
            // The confirmation is void once cancelled: only the notice goes out.
            let calendars = try world.calendars()
            #expect(calendars.count == 1, "\(world.jobSummary())")
            #expect(calendars.first?.contains("METHOD:CANCEL") == true && calendars.first?.contains("STATUS:CANCELLED") == true)
        }
    }

    @Test func withoutConsentNoCustomerMessageIsQueued() throws {
        try NotificationWorld.with { world in
            let request = world.salon.request(world.salon.at(10), provider: world.salon.ava, email: "ada@example.com")
            var silent = request
            silent.customer.consentEmail = false
            _ = try world.salon.store.book(silent)
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE kind = 'send_message' AND payload->>'audience' IS NULL") == 0)
        }
    }
}

@Suite("Providers hear of their bookings by email when they opted in")
struct StaffNoticeTests {
    @Test func aProviderWithAnEmailGetsNewAndCancelledBookingsWithCalendarEntries() throws {
        try NotificationWorld.with { world in
            try world.salon.pool.withConnection { connection in
                try connection.execute("UPDATE providers SET email = 'ava@salon.example' WHERE id = $1", [world.salon.ava])
                try connection.execute("UPDATE providers SET email = 'ben@salon.example', notify_by_email = false WHERE id = $1", [world.salon.ben])
            }
            let booked = try world.book(world.salon.at(10), phone: nil)
            try world.runJobs()
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: nil)
            _ = try world.salon.store.book(world.salon.request(world.salon.at(11), provider: world.salon.ben, email: "cy@example.com"))
            try world.runJobs()
            let toAva = try world.emails().filter { $0.contains("ava@salon.example") }.map(\.unfolded)
            #expect(toAva.count == 2, "\(world.jobSummary())")
            #expect(toAva.contains { $0.contains("New booking: Haircut with Ada Lovelace") })
            #expect(toAva.contains { $0.contains("Cancelled: Haircut with Ada Lovelace") })
            #expect(try world.emails().allSatisfy { !$0.contains("ben@salon.example") }, "Ben opted out")
        }
    }

    /// A move to another provider (the business's, from the console or the
    /// admin API) tells both: the new one gets the booking's calendar entry,
    /// and the one it was taken from hears where it went and loses theirs.
    @Test func aMoveToAnotherProviderTellsTheFormerOneAndCancelsTheirEntry() throws {
        try NotificationWorld.with { world in
            try world.salon.pool.withConnection { connection in
                try connection.execute("UPDATE providers SET email = 'ava@salon.example' WHERE id = $1", [world.salon.ava])
                try connection.execute("UPDATE providers SET email = 'ben@salon.example' WHERE id = $1", [world.salon.ben])
            }
            let booked = try world.book(world.salon.at(10), phone: nil)
            try world.runJobs()
            let moved = try world.salon.pool.withTransaction { connection in
                try world.salon.store.reschedule(booking: booked.booking.id, business: world.salon.seeded.businessID, to: world.salon.at(14),
                                                 provider: world.salon.ben, on: connection)
            }
            #expect(moved.booking.providerID == world.salon.ben)
            try world.runJobs()
            let emails = try world.emails()
            let toAva = emails.filter { $0.contains("To: \"Ava\" <ava@salon.example>") }
            let toBen = emails.filter { $0.contains("To: \"Ben\" <ben@salon.example>") }
            #expect(toAva.count == 2 && toBen.count == 1, "\(world.jobSummary())")
            let away = try #require(toAva.first { $0.unfolded.contains("Moved to Ben: Haircut with Ada Lovelace") })
            let awayEntry = try #require(NotificationWorld.calendar(of: away))
            #expect(awayEntry.contains("METHOD:CANCEL") && awayEntry.contains("SEQUENCE:2"))
            let arrived = try #require(toBen.first { $0.unfolded.contains("Moved: Haircut with Ada Lovelace") })
            let arrivedEntry = try #require(NotificationWorld.calendar(of: arrived))
            #expect(arrivedEntry.contains("METHOD:REQUEST") && arrivedEntry.contains("SEQUENCE:2"))
            // Run again: each notice went once (the former provider's has a dedupe key of its own).
            try world.runJobs()
            #expect(try world.emails().count == emails.count)
        }
    }

    @Test func theProviderHearsOfChangesToABookingWhoseCustomerWantsNoMessages() throws {
        try NotificationWorld.with { world in
            try world.salon.pool.withConnection { connection in
                try connection.execute("UPDATE providers SET email = 'ava@salon.example' WHERE id = $1", [world.salon.ava])
            }
            var request = world.salon.request(world.salon.at(10), provider: world.salon.ava)
            request.customer.consentEmail = false
            let booked = try world.salon.store.book(request)
            try world.runJobs()
            _ = try world.salon.store.reschedule(manageToken: booked.manageToken, business: world.salon.seeded.businessID, to: world.salon.at(11))
            try world.runJobs()
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: nil)
            try world.runJobs()
            let emails = try world.emails().map(\.unfolded)
            #expect(emails.count == 3, "\(world.jobSummary())")
            #expect(emails.allSatisfy { $0.contains("ava@salon.example") }, "the customer consented to nothing")
            for headline in ["New booking: Haircut with Ada Lovelace", "Moved: Haircut with Ada Lovelace", "Cancelled: Haircut with Ada Lovelace"] {
                #expect(emails.contains { $0.contains(headline) }, "\(headline)")
            }
        }
    }
}

@Suite("SMS quiet hours hold texts back, never emails")
struct QuietHoursTests {
    @Test func aTextDuringQuietHoursWaitsWithoutUsingAnAttempt() throws {
        try NotificationWorld.with { world in
            // Quiet from one hour before until two hours after the database's local time now.
            try world.salon.pool.withConnection { connection in
                try connection.execute("""
                    UPDATE businesses SET sms_quiet_start = (booknow_now() AT TIME ZONE 'America/New_York')::time - interval '1 hour',
                                          sms_quiet_end = (booknow_now() AT TIME ZONE 'America/New_York')::time + interval '2 hours'
                    """)
            }
            _ = try world.book(world.salon.at(10))
            try world.runJobs()
            #expect(try world.emails().count == 1)
            #expect(try world.texts().isEmpty)
            let (state, attempt, wait) = try world.salon.pool.withConnection { connection in
                let row = try connection.query("SELECT state, attempt, extract(epoch FROM run_at - booknow_now())::float8 AS wait FROM jobs WHERE queue = 'sms'")[0]
                return (try row.decode(String.self, "state"), try row.decode(Int.self, "attempt"), try row.decode(Double.self, "wait"))
            }
            #expect(state == "scheduled" || state == "retryable")
            #expect(attempt == 0, "a snooze gives the attempt back")
            #expect(wait > 3600 && wait <= 7201, "waits \(wait) s")
        }
    }
}
