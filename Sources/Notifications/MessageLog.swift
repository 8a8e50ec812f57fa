import Booking
public import Foundation
public import Postgres
import Queue
import Receipts
public import Vocabulary

/// Every message of one booking, as the business console's booking page lists
/// them: what was sent or is waiting to be (the booking's `send_message`
/// jobs, their attempts and the providers' delivery receipts), and the
/// reminders the planner has not queued yet.
///
/// It reads kinds, channels, times and states only: never a message body, a
/// provider's reply or a receipt's detail, which may name the recipient.
/// Each read is bounded and index-backed (`JobHistory.jobs(booking:…)`,
/// `JobHistory.attempts(of:)`, `ReceiptStore.receipts(messageIDs:)`, and the
/// booking by primary key), so the page costs the queue nothing however
/// large it is. Succeeded and cancelled jobs are pruned after 24 h (dead
/// ones after 14 days); older messages are no longer listed.
public struct MessageLog: Sendable {
    /// One message: a job, or a reminder still only planned.
    public struct Message: Sendable {
        public enum State: String, Sendable, CaseIterable {
            /// A reminder the planner queues shortly before it is due.
            case planned
            case scheduled
            case sending
            case retrying
            case sent
            case dead
            /// Skipped by the sender or cancelled (the booking changed): `reason` says why.
            case cancelled
        }

        public var kind: MessageKind
        public var channel: Channel
        public var audience: SendMessagePayload.Audience
        /// For reminders: the lead time before the start.
        public var offsetSeconds: Int?
        public var state: State
        /// When the job was queued; nil for a planned reminder.
        public var queuedAt: Date?
        /// When it runs (or ran last): the job's `run_at`, or a planned reminder's time.
        public var dueAt: Date
        /// When it was sent, died or was cancelled.
        public var finishedAt: Date?
        public var attempts: Int
        /// Why it was cancelled (the sender's or the queue's words), or the
        /// error code of its last failure (`smtp_550`, `expired`).
        public var reason: String?
        /// What the provider reported after accepting it, oldest first.
        public var receipts: [Receipt]
    }

    /// A provider's report about a sent message.
    public struct Receipt: Sendable, Hashable {
        public var status: String
        public var errorCode: String?
        public var receivedAt: Date?
    }

    /// Oldest due first.
    public var messages: [Message]
    /// More jobs than the limit: the oldest `limit` are listed.
    public var more: Bool

    /// How far the reminder planner's scans have got, unlocked: a reminder due
    /// after it has no job yet unless its booking queued it (`ReminderPlanning`).
    static let selectScanned = "SELECT scanned_until FROM reminder_scan"

    /// The messages of `booking` of `business`, at most `limit` jobs of them.
    public static func read(business: UUID, booking: UUID, limit: Int, on connection: Connection) throws -> MessageLog {
        let jobs = try JobHistory.jobs(booking: booking, business: business, kind: JobKind.sendMessage.rawValue, limit: limit + 1,
                                       on: connection)
        let listed = Array(jobs.prefix(limit))
        let attempts = try JobHistory.attempts(of: listed.map(\.id), on: connection)
        let sentIDs = attempts.values.flatMap { $0.compactMap(\.providerMessageID) }
        let receipts = Dictionary(grouping: try ReceiptStore.receipts(messageIDs: Array(Set(sentIDs)), on: connection)) {
            $0.providerMessageID
        }
        var messages: [Message] = []
        var queuedReminders: Set<String> = []
        for job in listed {
            guard case .booking(let payload)? = try? JSONDecoder().decode(MessagePayload.self, from: Data(job.payload.utf8)) else { continue }
            if payload.message == .reminder { queuedReminders.insert(payload.dedupeKey) }
            let ids = (attempts[job.id] ?? []).compactMap(\.providerMessageID)
            let reports = ids.flatMap { receipts[$0] ?? [] }.filter { $0.channel == payload.channel }.map {
                Receipt(status: $0.status.rawValue, errorCode: $0.errorCode, receivedAt: $0.receivedAt)
            }
            messages.append(Message(
                kind: payload.message, channel: payload.channel, audience: payload.audience, offsetSeconds: payload.offsetSeconds,
                state: Self.state(job.state), queuedAt: job.createdAt, dueAt: job.runAt, finishedAt: job.finishedAt,
                attempts: job.attempt, reason: job.state == .cancelled ? job.lastError : job.lastErrorCode, receipts: reports))
        }
        messages += try plannedReminders(business: business, booking: booking, queued: queuedReminders, on: connection)
        return MessageLog(messages: messages.sorted { $0.dueAt < $1.dueAt }, more: jobs.count > limit)
    }

    /// The reminders of a confirmed booking due after the planner's last scan
    /// (each offset, each consented channel) that have no job yet, as the
    /// planner will queue them: the booking-time inputs `ReminderPlanning` uses.
    static func plannedReminders(business: UUID, booking: UUID, queued: Set<String>, on connection: Connection) throws -> [Message] {
        guard let (target, offsets) = try ReminderTarget.booking(business: business, booking: booking, on: connection),
              let scanned = try connection.query(selectScanned).first?.decode(Date.self, "scanned_until") else { return [] }
        return offsets.flatMap { offset -> [Message] in
            let due = target.startsAt.addingTimeInterval(-offset)
            guard due > scanned else { return [] }
            let seconds = Int(offset.rounded())
            return target.channels.compactMap { channel in
                let key = SendMessagePayload.reminderKey(booking: booking, version: target.version, offsetSeconds: seconds, channel: channel)
                guard !queued.contains(key) else { return nil }
                return Message(kind: .reminder, channel: channel, audience: .customer, offsetSeconds: seconds, state: .planned,
                               queuedAt: nil, dueAt: due, finishedAt: nil, attempts: 0, reason: nil, receipts: [])
            }
        }
    }

    static func state(_ state: JobState) -> Message.State {
        switch state {
        case .scheduled: .scheduled
        case .running: .sending
        case .retryable: .retrying
        case .succeeded: .sent
        case .dead: .dead
        case .cancelled: .cancelled
        }
    }
}
