import Booking
import Foundation
import Postgres
@testable import Application
@testable import Queue
import Runtime
import Testing
import TestSupport

@Suite("The daemon prunes idempotency keys and receipts and logs each message without personal data")
struct QueueMaintenanceTests {
    @Test func idempotencyKeysAfterADayAndReceiptsAfterTheirRetentionArePrunedRecentOnesStay() throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 4)
            try pool.withTransaction { connection in
                let business = try BusinessStore.create(name: "Prune", timeZone: "UTC", on: connection).id
                for (key, age) in [("old", "25 hours"), ("recent", "23 hours")] {
                    try connection.execute("""
                        INSERT INTO idempotency_keys (business_id, key, request_hash, response_status, response_body, created_at)
                        VALUES ($1, $2, sha256(convert_to($2, 'UTF8')), 201, '\\x7b7d', booknow_now() - $3::interval)
                        """, [business, key, age])
                }
                for (id, age) in [("SMold", "91 days"), ("SMrecent", "89 days")] {
                    try connection.execute("""
                        INSERT INTO message_receipts (provider, provider_message_id, channel, status, received_at)
                        VALUES ('twilio', $1, 'sms', 'delivered', booknow_now() - $2::interval)
                        """, [id, age])
                }
            }
            let config = try Config.load(file: nil, environment: [:])
            let worker = Worker(pool: pool, registry: JobRegistry(),
                                configuration: WorkerConfiguration(retentionRules: Application.retentionRules(config)))
            #expect(try worker.runMaintenance().pruned == ["idempotency_keys": 1, "message_receipts": 1])
            #expect(try pool.withConnection { try $0.query("SELECT key FROM idempotency_keys").map { try $0.decode(String.self, "key") } } == ["recent"])
            #expect(try pool.withConnection {
                try $0.query("SELECT provider_message_id FROM message_receipts").map { try $0.decode(String.self, "provider_message_id") }
            } == ["SMrecent"])
        }
    }

    @Test func eachMessageOutcomeIsOneInfoLineWithItsIdsAndReplyCode() {
        let sink = RecordingLogSink()
        let log = QueueEventLog(logger: Logger(level: .info, sink: sink))
        let business = UUID()
        func job(_ id: Int64, _ outcome: String, _ state: JobState, kind: String = "send_message", error: String = "", reply: String = "") -> QueueEvent {
            .finished(FinishedJob(id: id, kind: kind, queue: "email", businessID: business, attempt: 2, outcome: outcome, state: state,
                                  errorCode: error, replyCode: reply, delaySeconds: 30))
        }
        log.log(job(1, "succeeded", .succeeded, reply: "250"))
        log.log(job(2, "retry", .retryable, error: "smtp_451", reply: "451"))
        log.log(job(3, "dead", .dead, error: "smtp_550", reply: "550"))
        log.log(job(4, "expired", .dead, error: "expired"))
        log.log(job(5, "snooze", .scheduled))
        log.log(job(6, "succeeded", .succeeded, kind: "plan_reminders"))
        let id = business.uuidString.lowercased()
        #expect(sink.lines == [
            "level=info msg=\"message sent\" job=1 kind=send_message channel=email business=\(id) attempt=2 reply_code=250 error_code=- retry_in_s=-",
            "level=info msg=\"message failed; will retry\" job=2 kind=send_message channel=email business=\(id) attempt=2 reply_code=451 error_code=smtp_451 retry_in_s=30",
            "level=info msg=\"message dead\" job=3 kind=send_message channel=email business=\(id) attempt=2 reply_code=550 error_code=smtp_550 retry_in_s=-",
            "level=info msg=\"message dead\" job=4 kind=send_message channel=email business=\(id) attempt=2 reply_code=- error_code=expired retry_in_s=-",
        ])
    }
}
