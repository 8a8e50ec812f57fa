public import Booking
public import Foundation
public import Postgres
import Queue
import Vocabulary

/// The booking operations' outbox, written to the jobs table inside the
/// booking's own transaction (a transactional outbox).
///
/// Besides the booking's own work items it keeps reminders in step with the
/// booking change it is handed: a confirmed or moved booking gets the
/// reminders the planner has already passed; a moved or cancelled one has its
/// previous version's pending reminders cancelled.
public struct QueueOutbox: WorkOutbox {
    public let reminders: ReminderPlanning

    public init(reminders: ReminderPlanning) {
        self.reminders = reminders
    }

    public func enqueue(_ work: [OutboxItem], for change: BookingChange?, on connection: Connection) throws {
        try Jobs.enqueue(work.map(Self.job), on: connection)
        guard let change else { return }
        switch change.kind {
        case .confirmed:
            try reminders.planPassed(business: change.business, booking: change.booking, on: connection)
        case .moved:
            try cancelReminders(booking: change.booking, version: change.version - 1, on: connection)
            try reminders.planPassed(business: change.business, booking: change.booking, on: connection)
        case .cancelled:
            try cancelReminders(booking: change.booking, version: change.version - 1, on: connection)
        }
    }

    private func cancelReminders(booking: UUID, version: Int, on connection: Connection) throws {
        guard version > 0, let offsets = try ReminderTarget.offsets(booking: booking, on: connection) else { return }
        let keys = ReminderPlanning.reminderKeys(booking: booking, version: version, offsets: offsets)
        try Jobs.cancel(dedupeKeys: keys, reason: "the booking was cancelled or moved", on: connection)
    }

    static func job(_ item: OutboxItem) -> NewJob {
        NewJob(kind: item.kind.rawValue, queue: item.queue, businessID: item.businessID, payload: item.work,
               runAt: item.runAt, deadline: item.deadline, dedupeKey: item.dedupeKey)
    }
}

/// Erasing a customer cancels the messages still waiting to be sent to them:
/// their address is gone, and so must be any copy a job would render.
extension QueueOutbox: CustomerErasure {
    public func cancelPendingMessages(business: UUID, customer: UUID, bookings: [UUID], on connection: Connection) throws {
        try Jobs.cancel(kind: JobKind.sendMessage.rawValue, business: business, payloadField: SendMessagePayload.bookingField,
                        in: bookings.map { $0.uuidString.lowercased() }, reason: "the customer was erased", on: connection)
    }
}
