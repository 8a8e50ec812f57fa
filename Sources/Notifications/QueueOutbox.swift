public import Booking
public import Foundation
public import Postgres
import Queue

/// The booking operations' outbox, written to the jobs table inside the
/// booking's own transaction (the transactional outbox of DESIGN.md).
///
/// Besides the booking's own work items it keeps reminders in step with the
/// booking: a confirmed or moved booking gets the reminders the planner has
/// already passed; a moved or cancelled one has its previous version's
/// pending reminders cancelled.
public struct QueueOutbox: WorkOutbox {
    public let reminders: ReminderPlanning

    public init(reminders: ReminderPlanning) {
        self.reminders = reminders
    }

    public func enqueue(_ work: [OutboxItem], on connection: Connection) throws {
        let changes = Self.bookingChanges(work)
        try Jobs.enqueue(work.map(Self.job), on: connection)
        for change in changes {
            switch change.message {
            case "booking_confirmed":
                try reminders.planPassed(business: change.business, booking: change.booking, on: connection)
            case "booking_rescheduled":
                try cancelReminders(booking: change.booking, version: change.version - 1, on: connection)
                try reminders.planPassed(business: change.business, booking: change.booking, on: connection)
            case "booking_cancelled":
                try cancelReminders(booking: change.booking, version: change.version - 1, on: connection)
            default:
                break
            }
        }
    }

    /// One change of one booking, read from its message items (one per customer
    /// channel, and the provider's copy, so a change is seen whatever the customer consented to).
    struct BookingChange {
        var business: UUID
        var booking: UUID
        var version: Int
        var message: String
    }

    static func bookingChanges(_ work: [OutboxItem]) -> [BookingChange] {
        var seen = Set<UUID>()
        return work.compactMap { item in
            guard item.kind == .sendMessage, let id = item.payload["booking_id"].flatMap(UUID.init(uuidString:)),
                  let version = item.payload["booking_version"].flatMap(Int.init), let message = item.payload["message"],
                  seen.insert(id).inserted else { return nil }
            return BookingChange(business: item.businessID, booking: id, version: version, message: message)
        }
    }

    // The offsets in force now; a reminder planned under older offsets still
    // dies at run time, because its booking version no longer matches.
    static let offsets = """
        SELECT ARRAY(SELECT extract(epoch FROM o)::int FROM unnest(bz.reminder_offsets) AS o) AS offsets
        FROM bookings bk JOIN businesses bz ON bz.id = bk.business_id WHERE bk.id = $1
        """

    private func cancelReminders(booking: UUID, version: Int, on connection: Connection) throws {
        guard version > 0, let row = try connection.query(Self.offsets, [booking]).first else { return }
        let keys = ReminderPlanning.reminderKeys(booking: booking, version: version, offsets: try row.decode([Int].self, "offsets"))
        try Jobs.cancel(dedupeKeys: keys, reason: "the booking was cancelled or moved", on: connection)
    }

    static func job(_ item: OutboxItem) -> NewJob {
        NewJob(
            kind: item.kind.rawValue, queue: item.queue, businessID: item.businessID,
            payload: JSONParameter(item.payload).postgresText, runAt: item.runAt, deadline: item.deadline, dedupeKey: item.dedupeKey)
    }
}

/// Erasing a customer cancels the messages still waiting to be sent to them:
/// their address is gone, and so must be any copy a job would render.
extension QueueOutbox: CustomerErasure {
    public func cancelPendingMessages(business: UUID, customer: UUID, bookings: [UUID], on connection: Connection) throws {
        try Jobs.cancel(kind: NotificationKinds.sendMessage, business: business, payloadField: "booking_id",
                        in: bookings.map { $0.uuidString.lowercased() }, reason: "the customer was erased", on: connection)
    }
}
