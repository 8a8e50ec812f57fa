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
    /// Confirmed bookings with a reminder whose nominal time (start − offset)
    /// is in ($1, $2]: one range scan of bookings_confirmed_by_start per
    /// distinct offset in use, then each booking's customer by primary key.
    /// The LATERAL subqueries (OFFSET 0 keeps them from being flattened) fix
    /// that order: as a plain join, the planner started from the customers
    /// and took 6.7 s over 15 M bookings with 200,000 reminders in the window
    /// (bench/api's database), holding the watermark — and so every booking —
    /// meanwhile; this shape took 1.2 s there.
    static let due = """
        SELECT bk.business_id, bk.id, bk.version, bk.starts_at, bk.created_at, extract(epoch FROM offsets.o)::float8 AS offset_s,
               c.email_ok, c.sms_ok
        FROM (SELECT DISTINCT unnest(reminder_offsets) AS o FROM businesses WHERE disabled_at IS NULL) offsets
        CROSS JOIN LATERAL (
            SELECT b.business_id, b.id, b.version, b.starts_at, b.created_at, b.customer_id FROM bookings b
            WHERE b.status = 'confirmed' AND b.starts_at > $1::timestamptz + offsets.o AND b.starts_at <= $2::timestamptz + offsets.o
            OFFSET 0) bk
        CROSS JOIN LATERAL (
            SELECT (c.email IS NOT NULL AND c.consent_email) AS email_ok, (c.phone IS NOT NULL AND c.consent_sms) AS sms_ok
            FROM customers c WHERE c.business_id = bk.business_id AND c.id = bk.customer_id OFFSET 0) c
        WHERE EXISTS (SELECT 1 FROM businesses bz
                      WHERE bz.id = bk.business_id AND bz.disabled_at IS NULL AND offsets.o = ANY (bz.reminder_offsets))
        """
    /// One booking's reminder inputs, for the booking-time path.
    static let booking = """
        SELECT bk.business_id, bk.id, bk.version, bk.starts_at, bk.created_at,
               (c.email IS NOT NULL AND c.consent_email) AS email_ok, (c.phone IS NOT NULL AND c.consent_sms) AS sms_ok,
               ARRAY(SELECT extract(epoch FROM o)::float8 FROM unnest(bz.reminder_offsets) AS o) AS offsets
        FROM bookings bk
        JOIN businesses bz ON bz.id = bk.business_id
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE bk.business_id = $1 AND bk.id = $2 AND bk.status = 'confirmed' AND bz.disabled_at IS NULL
        """

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
            for row in try tx.query(Self.due, [from, until]) {
                let offset = try row.decode(Double.self, "offset_s")
                let target = try ReminderTarget(row: row)
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
        guard let row = try connection.query(Self.booking, [business, booking]).first else { return }
        let target = try ReminderTarget(row: row)
        let offsets = try row.decode([Double].self, "offsets").filter { target.startsAt.addingTimeInterval(-$0) <= watermark }
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

/// One booking as the reminder rule sees it.
struct ReminderTarget {
    var business: UUID
    var booking: UUID
    var version: Int
    var startsAt: Date
    var createdAt: Date
    var channels: [Channel]

    init(row: Row) throws {
        business = try row.decode(UUID.self, "business_id")
        booking = try row.decode(UUID.self, "id")
        version = try row.decode(Int.self, "version")
        startsAt = try row.decode(Date.self, "starts_at")
        createdAt = try row.decode(Date.self, "created_at")
        channels = (try row.decode(Bool.self, "email_ok") ? [.email] : []) + (try row.decode(Bool.self, "sms_ok") ? [.sms] : [])
    }

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
