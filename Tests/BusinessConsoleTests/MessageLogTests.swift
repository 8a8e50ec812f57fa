import Booking
@testable import BusinessConsole
import Foundation
import Notifications
import Postgres
import Queue
import Receipts
import Testing
import TestSupport
import Vocabulary

/// A booking's message log on its page: the messages its booking queued (as
/// `QueueOutbox` writes them), what a worker made of them, the providers'
/// receipts and the reminders still to come; nothing of another booking or
/// business, and no address a receipt carried.
@Suite("Business console message log")
struct MessageLogTests {
    /// Writes what the booking enqueued (the recording outbox kept it) into the
    /// jobs table as the daemon's outbox does, reminders included.
    static func enqueue(_ world: ConsoleWorld, booking: UUID) throws {
        let items = world.salon.outbox.all.filter { $0.bookingID == booking }
        let change = world.salon.outbox.changes.last { $0.booking == booking }
        try world.salon.pool.withTransaction { try QueueOutbox(reminders: ReminderPlanning()).enqueue(items, for: change, on: $0) }
    }

    /// A worker whose sender hands each customer message to a provider that
    /// answers with a message id, and skips the provider's copy as the real
    /// sender does for a provider without email: the queue records both.
    static func runWorker(_ world: ConsoleWorld) throws {
        var registry = JobRegistry()
        registry.register(JobKind.sendMessage.rawValue) { job in
            guard case .booking(let payload) = try job.decodePayload(MessagePayload.self) else { return .dead(Failure("bad_payload", "?")) }
            if payload.audience == .staff { return .cancel("the provider has no email or wants no notices") }
            return .succeeded(Details(providerReply: "250 queued for ada@example.com", providerMessageID: "<job-\(job.id)@test.example>",
                                      replyCode: "250"))
        }
        let worker = Worker(pool: world.salon.pool, registry: registry, configuration: WorkerConfiguration(
            queues: ["email": 2, "sms": 2], pollInterval: .milliseconds(100), random: { 0.5 }))
        try worker.start()
        defer { _ = worker.shutdown(timeout: .seconds(10)) }
        #expect(worker.waitUntilIdle(timeout: .seconds(60)))
    }

    static func messageID(_ world: ConsoleWorld, booking: UUID, channel: String) throws -> String {
        try world.salon.scalar(String.self, """
            SELECT a.provider_message_id FROM jobs j JOIN job_attempts a ON a.job_id = j.id
            WHERE j.booking_id = $1 AND j.payload->>'message' = 'booking_confirmed' AND j.queue = $2 AND j.payload->>'audience' IS NULL
            """, [booking, channel])
    }

    static func rows(_ html: String) -> [String] {
        html.components(separatedBy: "<tr data-state=").dropFirst().map { String($0.prefix { $0 != "\n" }) }
    }

    @Test func theLogShowsTheSentConfirmationItsReceiptsAndTheRemindersToCome() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(11), provider: salon.ava, phone: "+14155550100")).booking
            let other = try salon.store.book(salon.request(salon.at(14), provider: salon.ben, email: "grace@example.com")).booking
            try Self.enqueue(world, booking: booked.id)
            try Self.enqueue(world, booking: other.id)
            // Another business's job naming this booking (as a forged payload would) is not this business's message.
            try salon.pool.withConnection { connection in
                let payload = SendMessagePayload(bookingID: booked.id, bookingVersion: 1, message: .bookingCancelled, channel: .email)
                try Jobs.enqueue([NewJob(kind: JobKind.sendMessage.rawValue, queue: "email", businessID: world.other, payload: payload,
                                         runAt: salon.at(9, days: 7), dedupeKey: "foreign")], on: connection)
            }
            try Self.runWorker(world)

            let email = try Self.messageID(world, booking: booked.id, channel: "email")
            let sms = try Self.messageID(world, booking: booked.id, channel: "sms")
            let otherEmail = try Self.messageID(world, booking: other.id, channel: "email")
            try salon.pool.withConnection { connection in
                try ReceiptStore.record(MessageReceipt(provider: "email", providerMessageID: email, channel: .email, status: .delivered,
                                                       detail: ["recipient": "hidden-recipient@example.net"]), on: connection)
                try ReceiptStore.record(MessageReceipt(provider: "twilio", providerMessageID: sms, channel: .sms, status: .sent), on: connection)
                try ReceiptStore.record(MessageReceipt(provider: "twilio", providerMessageID: sms, channel: .sms, status: .undelivered,
                                                       errorCode: "30003"), on: connection)
                try ReceiptStore.record(MessageReceipt(provider: "email", providerMessageID: otherEmail, channel: .email, status: .complained),
                                        on: connection)
            }

            let owner = try world.signIn()
            let page = try owner.get("/console/bookings/\(booked.id.uuidString.lowercased())")
            #expect(page.status == 200 && page.text.contains("id=\"message-log\"") && page.text.contains("times in America/New_York"))
            let rows = Self.rows(page.text)
            // Confirmation by email and SMS, the provider's copy, and two reminders on each channel.
            #expect(rows.count == 7, "\(rows)")
            let sentEmail = try #require(rows.first { $0.hasPrefix("\"sent\"") && $0.contains("Confirmation") && $0.contains("Email") })
            #expect(sentEmail.contains("data-status=\"delivered\"") && sentEmail.contains("<td>1</td>"))
            let sentSMS = try #require(rows.first { $0.hasPrefix("\"sent\"") && $0.contains("Confirmation") && $0.contains("SMS") })
            #expect(sentSMS.contains("data-status=\"sent\"") && sentSMS.contains("data-status=\"undelivered\"") && sentSMS.contains("30003"))
            let copy = try #require(rows.first { $0.contains("provider&#39;s copy") || $0.contains("provider's copy") })
            #expect(copy.hasPrefix("\"cancelled\"") && copy.contains("the provider has no email or wants no notices"))
            let planned = rows.filter { $0.hasPrefix("\"planned\"") }
            #expect(planned.count == 4 && planned.filter { $0.contains("Reminder, 24 h before") }.count == 2
                    && planned.filter { $0.contains("Reminder, 1 h before") }.count == 2)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = salon.zone
            #expect(planned.contains { $0.contains(BusinessConsole.moment(salon.at(10), calendar)) }, "due an hour before, local time")
            // Nothing of the other booking or business, and no address or reply a provider gave.
            #expect(!page.text.contains("Marked as spam") && !page.text.contains("Cancellation"))
            #expect(!page.text.contains("hidden-recipient") && !page.text.contains("250 queued") && !page.text.contains("test.example"))

            // A day before: the planner queues the 24 h reminders, which are scheduled, not sent.
            try salon.setDatabaseNow(salon.at(10, 55, days: -1))
            try salon.pool.withConnection { _ = try ReminderPlanning().planDue(on: $0) }
            let later = Self.rows(try world.signIn().get("/console/bookings/\(booked.id.uuidString.lowercased())").text)
            #expect(later.filter { $0.hasPrefix("\"scheduled\"") && $0.contains("Reminder, 24 h before") }.count == 2, "\(later)")
            #expect(later.filter { $0.hasPrefix("\"planned\"") && $0.contains("Reminder, 1 h before") }.count == 2)
            #expect(later.count == 7)
        }
    }

    @Test func aCancelledBookingsLogShowsItsCancellationAndNoReminders() throws {
        try ConsoleWorld.with { world in
            let salon = world.salon
            let booked = try salon.store.book(salon.request(salon.at(11), provider: salon.ava)).booking
            try Self.enqueue(world, booking: booked.id)
            let owner = try world.signIn()
            let id = booked.id.uuidString.lowercased()
            #expect(try owner.post("/console/bookings/\(id)/cancel", [("reason", "Closed for repairs")]).status == 303)
            try Self.enqueue(world, booking: booked.id)
            let rows = Self.rows(try owner.get("/console/bookings/\(id)").text)
            #expect(rows.contains { $0.hasPrefix("\"scheduled\"") && $0.contains("Cancellation") && $0.contains("Email") })
            #expect(!rows.contains { $0.contains("Reminder") }, "a cancelled booking plans no reminder")
        }
    }
}
