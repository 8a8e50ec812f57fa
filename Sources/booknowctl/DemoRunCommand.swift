import Application
import Booking
import Bootstrap
import Foundation
import Postgres
import Runtime

/// `booknowctl demo`: makes the demo salon produce, within about a minute, one
/// of each message a customer gets, as files in the outbox of a running
/// `booknowd` (the default transport): a confirmation with its calendar
/// invite, a 1 h reminder, a cancellation notice and a waitlist offer of the
/// freed time.
///
/// So that it works at any hour, the demo adds a "Demo desk" provider at
/// Downtown who works around the clock, offering a 15-minute "Demo
/// consultation" bookable on any minute, and sets the salon's customer notice
/// to zero (so the demo can cancel at once). It says so when it runs.
enum DemoRunCommand {
    /// What the demo did, for `--json`.
    struct Ran: Encodable {
        var business: UUID
        var keptStart: Date
        var cancelledStart: Date
        var waitlistEmail: String
        var outbox: String
        var manageToken: String
    }

    static let command = Command(
        name: "demo",
        summary: "book and cancel demo appointments so a running booknowd sends one of each message",
        usage: """
            usage: booknowctl demo

            Seeds the demo salon if needed, adds a round-the-clock "Demo desk" provider
            and a 15-minute "Demo consultation" (bookable on any minute), sets the salon's
            cancellation notice to zero, then books one appointment 61 minutes from now
            (its 1 h reminder falls due within a minute), books another, puts a customer on
            the waitlist for its time and cancels it (a cancellation notice and a waitlist offer).
            Watch the daemon's outbox folder (outbox.directory) for the messages.
            """
    ) { args, context in
        try args.finish()
        let config = try context.config()
        let pool = try ConnectionPool(config: config, applicationName: "booknowctl-demo")
        defer { pool.close() }
        // The daemon's booking operations: the jobs table as outbox, its link key for the links.
        let store: BookingStore
        do {
            store = try Application.bookingStore(config: config, pool: pool)
        } catch let failure as StartupFailure {
            throw CLIError(.config, "\(failure.message) (the daemon's link key, to make the demo's links)")
        }
        let desk = try pool.withTransaction { try DemoDesk.prepare(on: $0) }
        let now = try pool.withConnection { try DemoDesk.now(on: $0) }
        let customer = CustomerDetails(name: "Zoë Example", email: "zoe@example.com", phone: "+14155550123", locale: "en",
                                       consentEmail: true, consentSMS: true)
        func request(_ start: Date) -> BookingRequest {
            BookingRequest(business: desk.business, location: desk.location, service: desk.service, provider: desk.provider,
                           start: start, customer: customer)
        }
        /// Books at `start`, or at the nearest free time when an earlier demo run took it.
        func book(_ start: Date) throws -> BookedAppointment {
            do {
                return try store.book(request(start))
            } catch let error as BookingError where error.code == .slotUnavailable {
                guard let free = error.alternatives.filter({ $0.start > start }).first ?? error.alternatives.first else { throw error }
                return try store.book(request(free.start))
            }
        }
        let kept = try book(DemoDesk.nextMinute(after: now.addingTimeInterval(61 * 60)))
        let dropped = try book(DemoDesk.nextMinute(after: now.addingTimeInterval(3 * 3600)))
        // Someone waits for that time; cancelling frees it and the daemon offers it to them.
        let waiting = CustomerDetails(name: "Wanda Waiting", email: "wanda@example.com", phone: nil, locale: "en",
                                      consentEmail: true, consentSMS: false)
        _ = try pool.withTransaction { connection in
            try WaitlistStore(pool: pool, tokens: store.manageTokens).join(WaitlistRequest(
                business: desk.business, location: desk.location, service: desk.service, provider: desk.provider,
                wanted: [dropped.booking.startsAt.addingTimeInterval(-1800)..<dropped.booking.startsAt.addingTimeInterval(1800)],
                customer: waiting), on: connection)
        }
        _ = try store.cancel(manageToken: dropped.manageToken, business: desk.business, reason: "demo")
        let outbox = config.path("outbox.directory")
        let ran = Ran(business: desk.business, keptStart: kept.booking.startsAt, cancelledStart: dropped.booking.startsAt,
                      waitlistEmail: "wanda@example.com", outbox: outbox, manageToken: kept.manageToken)
        try context.output(ran) {
            """
            demo: booked \(kept.booking.startsAt.formatted(.iso8601)) with the Demo desk: expect its confirmation now
                  (email with invite.ics, and an SMS) and its 1 h reminder within about a minute
            demo: booked and cancelled \(dropped.booking.startsAt.formatted(.iso8601)): expect a cancellation notice,
                  and a waitlist offer of the freed time to wanda@example.com (held for the salon's hold time)
            demo: the messages appear in \(outbox) while booknowd runs (ls -lt \(outbox))
            demo: manage link token of the kept booking: \(kept.manageToken)
            """
        }
    }
}
