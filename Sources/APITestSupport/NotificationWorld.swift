public import Application
public import Booking
public import Delivery
public import Foundation
import HTTPServer
public import Notifications
public import Postgres
public import Queue
public import Runtime
public import TestSupport
import Vocabulary

/// The demo salon with the real notification path, assembled by `Application`
/// as the daemon assembles it: bookings enqueue into the jobs table through
/// `QueueOutbox`, and a real `Worker` runs the real handlers, sending through
/// the configured file outbox (or a given email transport). With `serving`,
/// the public listener answers too, for flows that start at `/v1`.
public struct NotificationWorld: Sendable {
    public let application: Application
    public let salon: SalonFixture<QueueOutbox>
    /// Where the outbox transport writes what is sent (`outbox.directory`).
    public let outboxFolder: URL
    /// The public listener's port when the world serves; 0 otherwise.
    public let port: UInt16

    public var planning: ReminderPlanning { application.planning }
    /// The handlers of every job kind.
    public var registry: JobRegistry { parts.registry }
    /// Where the sender counts what it suppresses.
    public var metrics: MetricsRegistry { application.metrics }
    private var parts: NotificationParts {
        guard let parts = application.notifications else { preconditionFailure("the notification world runs the worker") }
        return parts
    }

    /// - Parameters:
    ///   - email: the email transport, instead of the file outbox.
    ///   - breakers: the channels' circuit breakers (none by default, so failures reach the queue as they are).
    ///   - waitlistPolicy: the salon's `waitlist_policy`, when a test needs another than the default.
    ///   - serving: whether the public listener answers (`port`).
    ///   - monotonic: the clock that ages a claim's read of its messages, instead of the host's.
    public static func with(email: (@Sendable () throws -> any Transport)? = nil, breakers: [CircuitBreaker] = [],
                            waitlistPolicy: String? = nil, serving: Bool = false,
                            monotonic: (@Sendable () -> ContinuousClock.Instant)? = nil, _ body: (NotificationWorld) throws -> Void) throws {
        let settings = [
            "worker.enabled": "true", "worker.reminder_horizon": "600s", "http.threads": "4",
            "http.public_base_url": "https://book.salon.example", "email.from_address": "bookings@salon.example",
            "email.message_id_domain": "salon.example",
        ]
        let overrides = Application.Overrides(
            transports: try email.map { [.email: try $0()] } ?? [:],
            breakers: Dictionary(uniqueKeysWithValues: breakers.map { ($0.channel, $0) }), monotonic: monotonic)
        try TestApplication.withSalon(settings: settings, overrides: overrides, listener: serving ? "http" : nil) { application, salon, port in
            if let waitlistPolicy {
                try salon.pool.withConnection {
                    try $0.execute("UPDATE businesses SET waitlist_policy = $2 WHERE id = $1", [salon.seeded.businessID, waitlistPolicy])
                }
            }
            try body(NotificationWorld(application: application, salon: salon,
                                       outboxFolder: URL(fileURLWithPath: application.config.path("outbox.directory")), port: port))
        }
    }

    /// Runs a worker until nothing is due: every job due now has finished its attempt.
    public func runJobs() throws {
        let worker = parts.makeWorker { configuration in
            configuration.queues = ["email": 4, "sms": 4, "default": 2]
            configuration.pollInterval = .milliseconds(200)
            configuration.random = { 0.5 }
        }
        try worker.start()
        defer { _ = worker.shutdown(timeout: .seconds(10)) }
        worker.waitUntilIdle(timeout: .seconds(60))
    }

    /// Moves `booknow_now()` and catches the planner up, as a running daemon would.
    public func moveClock(to instant: Date) throws {
        try salon.setDatabaseNow(instant)
        try salon.pool.withConnection { try planning.planDue(on: $0) }
    }

    /// Books Ava at `start` through booking operations.
    public func book(_ start: Date, email: String = "ada@example.com", phone: String? = "+14155550100") throws -> BookedAppointment {
        try salon.store.book(salon.request(start, provider: salon.ava, email: email, phone: phone))
    }

    public struct JobRow: Equatable, Sendable {
        public var state: String
        public var key: String?
        public var runAt: Date
    }

    static let selectReminders = "SELECT state, dedupe_key, run_at FROM jobs WHERE payload->>'message' = 'reminder' ORDER BY id"

    /// Reminder jobs, by dedupe key.
    public func reminders() throws -> [JobRow] {
        try salon.pool.withConnection { connection in
            try connection.query(Self.selectReminders).map {
                JobRow(state: try $0.decode(String.self, "state"), key: try $0.decode(String?.self, "dedupe_key"), runAt: try $0.decode(Date.self, "run_at"))
            }
        }
    }

    /// Each file the outbox transport wrote, by name, with its text.
    public func sent() throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: outboxFolder.path) else { return [:] }
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: outboxFolder.path) where !name.hasPrefix(".") {
            files[name] = try String(contentsOf: outboxFolder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// The emails sent, as written (`unfolded` joins their soft line breaks for searching).
    public func emails() throws -> [String] { try sent().filter { $0.key.hasSuffix(".eml") }.map(\.value) }

    /// The SMS sent, as the outbox transport wrote them (JSON).
    public func texts() throws -> [String] { try sent().filter { $0.key.hasSuffix(".json") }.map(\.value) }

    /// The calendar entries of the emails sent, decoded from their base64 parts.
    public func calendars() throws -> [String] { try emails().compactMap(Self.calendar(of:)) }

    /// An email's calendar entry, decoded from its base64 part; nil without one.
    public static func calendar(of email: String) -> String? {
        guard let part = email.components(separatedBy: "Content-Type: text/calendar").dropFirst().first,
              let body = part.components(separatedBy: "\r\n\r\n").dropFirst().first?.components(separatedBy: "--").first,
              let data = Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) else { return nil }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
    }

    // The last attempt's error, reply and code, for a job's line in a failure message.
    static let selectJobSummary = """
        SELECT kind, payload->>'message' AS m, queue, state, attempt,
               (SELECT coalesce(error_code, '') || ' ' || coalesce(error, '') || ' ' || coalesce(provider_reply, '') FROM job_attempts a
                 WHERE a.job_id = j.id ORDER BY attempt DESC LIMIT 1) AS last_error
        FROM jobs j ORDER BY id
        """

    /// Every job as `kind/message/channel: state (attempt, error)`, for failure messages.
    public func jobSummary() -> String {
        let summary = try? salon.pool.withConnection { connection in
            try connection.query(Self.selectJobSummary).map {
                "\(try $0.decode(String.self, "kind"))/\(try $0.decode(String?.self, "m") ?? "-")/\(try $0.decode(String.self, "queue")): "
                    + "\(try $0.decode(String.self, "state")) (\(try $0.decode(Int.self, "attempt")), \(try $0.decode(String?.self, "last_error") ?? "-"))"
            }.joined(separator: "; ")
        }
        return summary ?? "(jobs could not be read)"
    }

    public func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> T {
        try salon.scalar(type, sql, parameters)
    }
}

extension String {
    /// The text with quoted-printable soft line breaks and header folds joined, for searching.
    public var unfolded: String { replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "\r\n ", with: "") }
}
