public import Booking
import Delivery
import Foundation
import Postgres
import Receipts
import Templates
public import Queue
import Vocabulary

/// The handlers of the notification flows' job kinds (`JobKind`), registered on a worker's registry.
public enum NotificationKinds {
    /// Reminders are planned every minute, ten minutes ahead by default.
    public static let planningInterval: Duration = .seconds(60)

    /// Registers the handlers, their replay checks and the periodic planner.
    /// The waitlist handlers write through the same outbox as booking
    /// operations, so an offer's messages and an accepted offer's reminders
    /// follow the same rules.
    /// `publicLimits` gives the flood threshold of businesses without their own.
    public static func register(on registry: inout JobRegistry, sender: MessageSender, planning: ReminderPlanning,
                                publicLimits: PublicLimits = PublicLimits()) {
        let waitlist = WaitlistHandlers(pool: sender.pool, offers: WaitlistOffers(
            outbox: QueueOutbox(reminders: planning), tokens: sender.composer.manageTokens))
        registry.register(JobKind.slotReleased.rawValue) { job in try waitlist.slotReleased(job) }
        registry.register(JobKind.offerExpired.rawValue) { job in try waitlist.offerExpired(job) }
        let floods = PublicFloodHandlers(sender: sender, gate: PublicGate(limits: publicLimits, outbox: QueueOutbox(reminders: planning)))
        registry.register(JobKind.publicFloodCheck.rawValue) { job in try floods.check(job) }
        registry.register(JobKind.publicFloodNotice.rawValue) { job in try floods.notice(job) }
        registry.register(JobKind.sendMessage.rawValue, replayCheck: refuseStaleReplay) { job, finish in try sender.handle(job, finish: finish) }
        registry.register(JobKind.planReminders.rawValue) { _ in
            let planned = try sender.pool.withConnection { try planning.planDue(on: $0) }
            return .succeeded(Details(providerReply: "planned \(planned) reminder job(s)"))
        }
        registry.schedule(JobKind.planReminders.rawValue, every: planningInterval)
    }

    /// The replay checks alone, for `booknowctl dead replay`.
    public static func addReplayChecks(to registry: inout JobRegistry) {
        registry.addReplayCheck(JobKind.sendMessage.rawValue, refuseStaleReplay)
    }

    /// A dead message is replayed only while it still means something: never a
    /// reminder or confirmation of a booking cancelled or moved since, and never
    /// to a recipient on the suppression list (the worker would only cancel it):
    /// the refusal names the entry, so the operator knows what to remove first.
    /// `dead replay` and its dry run (and a console) ask this same check.
    @Sendable static func refuseStaleReplay(_ job: DeadJob, _ connection: Connection) throws -> String? {
        guard let business = job.businessID,
              case .booking(let payload) = try? JSONDecoder().decode(MessagePayload.self, from: Data(job.payload.utf8)) else { return nil }
        guard let data = try MessageFacts.booking(business: business, booking: payload.bookingID, on: connection) else {
            return "the booking no longer exists"
        }
        if let stale = data.staleness(kind: payload.message, version: payload.bookingVersion) { return stale }
        let channel = payload.channel
        guard let recipient = MessageSender.recipient(channel, data, payload.audience, kind: payload.message) else { return nil }
        let entry: Suppression?
        do {
            entry = try PostgresSuppressionList.blocking(channel: channel, recipient: recipient, business: business, on: connection)
        } catch is ReceiptsError {
            return nil  // An address the list cannot spell (normalise refuses it) can have no entry.
        }
        guard let entry else { return nil }
        return "recipient suppressed (\(entry.why)); remove it with 'booknowctl suppressions remove \(entry.id)' first"
    }
}
