import Booking
public import Foundation
public import Postgres
import Queue
import Scheduling
import Vocabulary

/// Turns reminders into `send_message` jobs a short horizon ahead, so the jobs
/// table holds only near-term work however far ahead people book.
///
/// Two paths, one rule (`ReminderPlanner`: elapsed-time offsets, the
/// two-thirds grace rule) and one dedupe key per reminder:
/// - `plan_reminders`, every minute, plans every reminder whose nominal time
///   falls between the watermark and now + horizon, then moves the watermark;
///   after downtime it catches up from where it stopped.
/// - a booking, move or accepted offer plans, in its own transaction, the
///   reminders whose nominal time is at or before the watermark (the planner
///   has passed them, or they fell due before the booking existed).
public struct ReminderPlanning: Sendable {
    /// How far ahead the planner enqueues.
    public let horizon: Duration

    public init(horizon: Duration = .seconds(600)) {
        self.horizon = horizon
    }

    // FOR UPDATE: waits for booking transactions holding the row FOR SHARE, so
    // the scan below (a new snapshot in READ COMMITTED) sees their bookings.
    static let lockWatermark = "SELECT planned_until, booknow_now() AS now FROM reminder_watermark FOR UPDATE"
    static let moveWatermark = "UPDATE reminder_watermark SET planned_until = $1"
    // FOR SHARE: many bookings at once, but not while the planner moves it.
    static let readWatermark = "SELECT planned_until, booknow_now() AS now FROM reminder_watermark FOR SHARE"
    /// The `plan_reminders` job: plans up to now + horizon and moves the watermark.
    /// Returns how many reminder jobs it enqueued.
    @discardableResult
    public func planDue(on connection: Connection) throws -> Int {
        try connection.withTransaction { tx in
            let mark = try tx.query(Self.lockWatermark)[0]
            let from = try mark.decode(Date.self, "planned_until")
            let now = try mark.decode(Date.self, "now")
            let until = now.addingTimeInterval(Double(horizon.components.seconds))
            guard until > from else { return 0 }
            var jobs: [NewJob] = []
            for (target, offset) in try ReminderTarget.due(after: from, through: until, on: tx) {
                // Reminders due before the booking existed were decided by its own transaction.
                guard target.startsAt.addingTimeInterval(-offset) > target.createdAt else { continue }
                jobs += target.jobs(offsets: [offset], now: now)
            }
            try Jobs.enqueue(jobs, on: tx)
            try tx.execute(Self.moveWatermark, [until])
            return jobs.count
        }
    }

    /// Inside a booking transaction: enqueues the booking's reminders that the
    /// planner has already passed (nominal time at or before the watermark).
    public func planPassed(business: UUID, booking: UUID, on connection: Connection) throws {
        let mark = try connection.query(Self.readWatermark)[0]
        let watermark = try mark.decode(Date.self, "planned_until")
        let now = try mark.decode(Date.self, "now")
        guard let (target, all) = try ReminderTarget.booking(business: business, booking: booking, on: connection) else { return }
        let offsets = all.filter { target.startsAt.addingTimeInterval(-$0) <= watermark }
        try Jobs.enqueue(target.jobs(offsets: offsets, now: now), on: connection)
    }

    /// The dedupe keys of the reminders a booking had at `version`, to cancel
    /// them when it is cancelled or moved (their handlers would also refuse them).
    public static func reminderKeys(booking: UUID, version: Int, offsets: [Int]) -> [String] {
        offsets.flatMap { offset in
            Channel.allCases.map { SendMessagePayload.reminderKey(booking: booking, version: version, offsetSeconds: offset, channel: $0) }
        }
    }
}

/// Reminder jobs for one booking as the reminder rule sees it.
extension ReminderTarget {
    /// A `send_message` job per channel for each reminder the rule does not skip.
    func jobs(offsets: [Double], now: Date) -> [NewJob] {
        guard !offsets.isEmpty, !channels.isEmpty else { return [] }
        let plan = ReminderPlanner(offsets: offsets).plan(start: startsAt, bookedAt: createdAt, now: now)
        return plan.flatMap { reminder -> [NewJob] in
            let runAt: Date
            switch reminder.timing {
            case .onTime(let at), .late(let at): runAt = at
            case .skipped: return []
            }
            let offset = Int(reminder.offset.rounded())
            return channels.map { channel in
                let payload = SendMessagePayload(bookingID: booking, bookingVersion: version, message: .reminder, channel: channel,
                                                 offsetSeconds: offset)
                return NewJob(kind: JobKind.sendMessage.rawValue, queue: payload.queue, businessID: business, payload: payload,
                              runAt: runAt, deadline: startsAt, dedupeKey: payload.dedupeKey)
            }
        }
    }
}
