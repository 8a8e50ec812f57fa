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
/// - `plan_reminders`, every minute, moves the watermark (`planned_until`) to
///   now + horizon, then plans every reminder whose nominal time falls between
///   how far its scans have got (`scanned_until`) and the watermark; after
///   downtime it catches up from where it stopped.
/// - a booking, move or accepted offer plans, in its own transaction, the
///   reminders whose nominal time is at or before the watermark (the planner
///   has passed them or is about to, or they fell due before the booking
///   existed).
public struct ReminderPlanning: Sendable {
    /// How far ahead the planner enqueues.
    public let horizon: Duration

    public init(horizon: Duration = .seconds(600)) {
        self.horizon = horizon
    }

    // FOR UPDATE: waits for booking transactions holding the row FOR SHARE, so
    // a scan that starts after this transaction commits sees their bookings.
    static let lockWatermark = """
        SELECT w.planned_until, s.scanned_until, booknow_now() AS now
          FROM reminder_watermark w, reminder_scan s FOR UPDATE OF w
        """
    static let moveWatermark = "UPDATE reminder_watermark SET planned_until = $1"
    // Its own row, which bookings never lock; only forward, as two planners' scans may overlap.
    static let moveScanned = "UPDATE reminder_scan SET scanned_until = $1 WHERE scanned_until < $1"
    // FOR SHARE: many bookings at once, but not while the planner moves it.
    static let readWatermark = "SELECT planned_until, booknow_now() AS now FROM reminder_watermark FOR SHARE"

    /// The `plan_reminders` job: moves the watermark to now + horizon and plans
    /// what lies between the last scan and it. Returns how many reminder jobs
    /// it enqueued.
    ///
    /// Two transactions, so bookings never wait for the scan: the first moves
    /// the watermark under the row lock (waiting only for the booking
    /// transactions that hold it); from its commit on, a booking plans its own
    /// reminders up to the new watermark. The second scans and enqueues
    /// without touching that row: it starts after the first committed, so it
    /// sees every booking that read the old watermark. A reminder both plan
    /// has one job (its dedupe key). If the planner stops between the two,
    /// `reminder_scan` stays behind and the next run scans from there.
    @discardableResult
    public func planDue(on connection: Connection) throws -> Int {
        let window = try moveWatermark(on: connection)
        return try scan(window, on: connection)
    }

    /// What the planner's scan covers: reminders due after `from`, through `until`, as of `now`.
    struct Window {
        var from: Date
        var until: Date
        var now: Date
    }

    /// The planner's first transaction: the watermark to now + horizon (never
    /// back), and what the next scan must cover.
    func moveWatermark(on connection: Connection) throws -> Window {
        try connection.withTransaction { tx in
            let mark = try tx.query(Self.lockWatermark)[0]
            let planned = try mark.decode(Date.self, "planned_until")
            let now = try mark.decode(Date.self, "now")
            let until = max(planned, now.addingTimeInterval(Double(horizon.components.seconds)))
            if until > planned { try tx.execute(Self.moveWatermark, [until]) }
            return Window(from: try mark.decode(Date.self, "scanned_until"), until: until, now: now)
        }
    }

    /// The planner's second transaction: every reminder due in the window of a
    /// booking that did not plan it itself, then how far the scans have got.
    func scan(_ window: Window, on connection: Connection) throws -> Int {
        guard window.until > window.from else { return 0 }
        return try connection.withTransaction { tx in
            var jobs: [NewJob] = []
            for (target, offset) in try ReminderTarget.due(after: window.from, through: window.until, on: tx) {
                // Reminders due before the booking existed were decided by its own transaction.
                guard target.startsAt.addingTimeInterval(-offset) > target.createdAt else { continue }
                jobs += target.jobs(offsets: [offset], now: window.now)
            }
            try Jobs.enqueue(jobs, on: tx)
            try tx.execute(Self.moveScanned, [window.until])
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
