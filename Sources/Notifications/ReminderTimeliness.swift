import Foundation
public import Postgres

/// How many reminders of the last hour reached the customer on time — the
/// brief's "> 99% of reminders on time", as a metric.
///
/// A reminder counts as on time when it arrived within `tolerance` of the time
/// it was due (`run_at`): arrival is the provider's `delivered` receipt where
/// one came back, else the moment the provider accepted it.
public struct ReminderTimeliness: Sendable {
    public var onTime: Int
    public var total: Int

    public var ratio: Double { total == 0 ? 1 : Double(onTime) / Double(total) }

    public static let tolerance: Duration = .seconds(60)

    // Reminder jobs finished in the last hour (the jobs table keeps a day);
    // the receipt, if any, is the provider's latest for the id it gave, read
    // through message_receipts' index on provider_message_id per reminder —
    // never message_receipt_latest as a join, which sorts every receipt kept
    // (90 days) and ran for minutes at 2 million receipts.
    static let query = """
        SELECT count(*) FILTER (WHERE coalesce(r.received_at, a.finished_at) <= j.run_at + make_interval(secs => $1))::int AS on_time,
               count(*)::int AS total
        FROM jobs j
        JOIN job_attempts a ON a.job_id = j.id AND a.attempt = j.attempt AND a.outcome = 'succeeded'
        LEFT JOIN LATERAL (
            SELECT m.status, m.received_at FROM message_receipts m
             WHERE m.provider_message_id = a.provider_message_id
             ORDER BY m.provider, m.stage DESC, m.received_at DESC, m.id DESC LIMIT 1
        ) r ON r.status IN ('delivered', 'read')
        WHERE j.kind = 'send_message' AND j.state = 'succeeded' AND j.payload->>'message' = 'reminder'
          AND j.payload->>'audience' IS NULL AND j.finished_at > booknow_now() - interval '1 hour'
        """

    public static func lastHour(on connection: Connection) throws -> ReminderTimeliness {
        let row = try connection.query(query, [Double(tolerance.components.seconds)])[0]
        return ReminderTimeliness(onTime: try row.decode(Int.self, "on_time"), total: try row.decode(Int.self, "total"))
    }
}
