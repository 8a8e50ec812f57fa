import Booking
import Delivery
import Foundation
import Notifications
import Postgres
import Queue
import Runtime
import Scheduling
import Templates
import TestSupport
import Vocabulary

/// The demo salon with the real notification path: bookings enqueue into the
/// jobs table through `QueueOutbox`, and a real `Worker` runs the real
/// handlers, sending through a file outbox (or a given transport).
struct NotificationWorld {
    let salon: SalonFixture<QueueOutbox>
    let planning: ReminderPlanning
    let outboxFolder: URL
    let registry: JobRegistry
    /// Where the sender counts what it suppresses.
    let metrics: MetricsRegistry

    static func with(email: (@Sendable () throws -> any Transport)? = nil, breakers: [CircuitBreaker] = [],
                     _ body: (NotificationWorld) throws -> Void) throws {
        let planning = ReminderPlanning(horizon: .seconds(600))
        try SalonFixture.with(outbox: QueueOutbox(reminders: planning), poolSize: 12) { salon in
            let folder = try TestEnvironment.scratchFolder()
            let files = try OutboxTransport(settings: OutboxSettings(directory: folder.path))
            let templates = try TestEnvironment.repository().appendingPathComponent("templates")
            let metrics = MetricsRegistry()
            let sender = MessageSender(
                pool: salon.pool, catalog: TemplateCatalog(defaults: DirectoryTemplateStore(root: templates)),
                composer: MessageComposer(fromAddress: "bookings@salon.example", domain: "salon.example",
                                          publicBaseURL: "https://book.salon.example", manageTokens: TestKeys.manageTokens),
                transports: [.email: try email?() ?? files, .sms: files], breakers: Dictionary(uniqueKeysWithValues: breakers.map { ($0.channel, $0) }), logger: Logger(sink: RecordingLogSink()),
                metrics: metrics)
            var registry = JobRegistry()
            NotificationKinds.register(on: &registry, sender: sender, planning: planning)
            try body(NotificationWorld(salon: salon, planning: planning, outboxFolder: folder, registry: registry, metrics: metrics))
        }
    }

    /// Runs a worker until nothing is due: every job due now has finished its attempt.
    func runJobs() throws {
        let worker = Worker(pool: salon.pool, registry: registry, configuration: WorkerConfiguration(
            queues: ["email": 4, "sms": 4, "default": 2], pollInterval: .milliseconds(200), random: { 0.5 }))
        try worker.start()
        defer { _ = worker.shutdown(timeout: .seconds(10)) }
        worker.waitUntilIdle(timeout: .seconds(60))
    }

    /// Moves `booknow_now()` and catches the planner up, as a running daemon would.
    func moveClock(to instant: Date) throws {
        try salon.setDatabaseNow(instant)
        try salon.pool.withConnection { try planning.planDue(on: $0) }
    }

    func book(_ start: Date, email: String = "ada@example.com", phone: String? = "+14155550100") throws -> BookedAppointment {
        try salon.store.book(salon.request(start, provider: salon.ava, email: email, phone: phone))
    }

    struct JobRow: Equatable {
        var state: String
        var key: String?
        var runAt: Date
    }

    /// Reminder jobs, by dedupe key.
    func reminders() throws -> [JobRow] {
        try salon.pool.withConnection { connection in
            try connection.query("SELECT state, dedupe_key, run_at FROM jobs WHERE payload->>'message' = 'reminder' ORDER BY id").map {
                JobRow(state: try $0.decode(String.self, "state"), key: try $0.decode(String?.self, "dedupe_key"), runAt: try $0.decode(Date.self, "run_at"))
            }
        }
    }

    /// Each file the outbox transport wrote, by name, with its text.
    func sent() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: outboxFolder.path) where !name.hasPrefix(".") {
            files[name] = try String(contentsOf: outboxFolder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    func emails() throws -> [String] { try sent().filter { $0.key.hasSuffix(".eml") }.map(\.value) }

    /// The calendar entries of the emails sent, decoded from their base64 parts.
    func calendars() throws -> [String] {
        try emails().compactMap { email in
            guard let part = email.components(separatedBy: "Content-Type: text/calendar").dropFirst().first,
                  let body = part.components(separatedBy: "\r\n\r\n").dropFirst().first?.components(separatedBy: "--").first,
                  let data = Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) else { return nil }
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
        }
    }

    /// Every job as `kind/message/channel: state (attempt, error)`, for failure messages.
    func jobSummary() -> String {
        let summary = try? salon.pool.withConnection { connection in
            try connection.query("""
                SELECT kind, payload->>'message' AS m, queue, state, attempt,
                       (SELECT coalesce(error_code, '') || ' ' || coalesce(error, '') || ' ' || coalesce(provider_reply, '') FROM job_attempts a
                         WHERE a.job_id = j.id ORDER BY attempt DESC LIMIT 1) AS last_error
                FROM jobs j ORDER BY id
                """).map {
                "\(try $0.decode(String.self, "kind"))/\(try $0.decode(String?.self, "m") ?? "-")/\(try $0.decode(String.self, "queue")): "
                    + "\(try $0.decode(String.self, "state")) (\(try $0.decode(Int.self, "attempt")), \(try $0.decode(String?.self, "last_error") ?? "-"))"
            }.joined(separator: "; ")
        }
        return summary ?? "(jobs could not be read)"
    }
    func texts() throws -> [String] { try sent().filter { $0.key.hasSuffix(".json") }.map(\.value) }
}

extension String {
    /// The text with quoted-printable soft line breaks joined, for searching.
    var unfolded: String { replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "\r\n ", with: "") }
}
