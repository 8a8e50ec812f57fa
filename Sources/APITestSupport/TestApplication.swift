public import Application
import Foundation
import Booking
import HTTPServer
public import Notifications
public import Runtime
public import TestSupport

/// The assembled application, as `booknowd` assembles it, over a database of
/// the test's own: the worlds of the live-server, notification and waitlist
/// tests build it here rather than wiring routes, outbox and worker by hand.
///
/// The configuration is the daemon's catalogue with a test's settings: the
/// test database, the repository's templates, a scratch outbox folder and
/// link key file, a port the system picks, test clock offsets allowed, and no
/// rate limit or public-write cap unless a test sets one.
public enum TestApplication {
    /// `settings` override the test defaults, by dotted key (`worker.enabled`: `true`).
    public static func config(database: TestDatabase, settings: [String: String] = [:]) throws -> Config {
        let scratch = try TestEnvironment.scratchFolder()
        let keyFile = scratch.appendingPathComponent("link.key")
        try Data(TestKeys.linkKey.utf8).write(to: keyFile)
        var values = [
            "database.url": database.url, "database.pool_size": "16", "database.pool_wait_timeout": "30s",
            "worker.enabled": "false", "worker.pool_size": "8",
            "http.address": "127.0.0.1", "http.port": "0", "http.threads": "16", "http.max_body_bytes": "65536",
            "http.rate_limit_per_second": "0", "http.per_client_connection_limit": "256",
            "public.messages_per_recipient_per_day": "0", "public.open_bookings_per_contact": "0",
            "public.submissions_per_address_per_hour": "0", "public.min_fill_time": "0s", "public.flood_bookings_per_hour": "0",
            "ops.address": "127.0.0.1", "ops.port": "0",
            "security.link_key_file": keyFile.path,
            "templates.directory": try TestEnvironment.repository().appendingPathComponent("templates").path,
            "outbox.directory": scratch.appendingPathComponent("outbox").path,
            "testing.allow_clock_offset": "true",
        ]
        values.merge(settings) { $1 }
        let environment = Dictionary(uniqueKeysWithValues: values.map { key, value in
            ("BOOKNOW_" + key.uppercased().replacingOccurrences(of: ".", with: "_"), value)
        })
        return try Config(file: nil, environment: environment)
    }

    /// Runs `body` with the application assembled over `database`, and closes it afterwards.
    public static func with<T>(database: TestDatabase, settings: [String: String] = [:], overrides: Application.Overrides = .init(),
                               logger: Logger = Logger(level: .debug, sink: RecordingLogSink()),
                               _ body: (Application) throws -> T) throws -> T {
        try Application.with(config: try config(database: database, settings: settings), logger: logger, overrides: overrides, body)
    }
}

extension TestApplication {
    /// Runs `body` with the application over a database of its own holding the
    /// demo salon, the salon's outbox the jobs table, and `listener` (`http`,
    /// `ops`, or nil for none) answering on the port `body` gets (0 for none).
    public static func withSalon(settings: [String: String] = [:], overrides: Application.Overrides = .init(),
                                 logger: Logger = Logger(level: .debug, sink: RecordingLogSink()), listener: String? = "http",
                                 _ body: (Application, SalonFixture<QueueOutbox>, UInt16) throws -> Void) throws {
        try serve(outbox: nil, settings: settings, overrides: overrides, logger: logger, listener: listener, body)
    }

    /// The same, with `outbox` recording what booking operations commit instead of the jobs table.
    public static func withSalon(recording outbox: RecordingOutbox, settings: [String: String] = [:], overrides: Application.Overrides = .init(),
                                 logger: Logger = Logger(level: .debug, sink: RecordingLogSink()), listener: String? = "http",
                                 _ body: (Application, SalonFixture<RecordingOutbox>, UInt16) throws -> Void) throws {
        var overrides = overrides
        overrides.outbox = outbox
        try serve(outbox: outbox, settings: settings, overrides: overrides, logger: logger, listener: listener, body)
    }

    private static func serve<Outbox: WorkOutbox>(outbox: Outbox?, settings: [String: String], overrides: Application.Overrides, logger: Logger,
                                                  listener: String?, _ body: (Application, SalonFixture<Outbox>, UInt16) throws -> Void) throws {
        try TestDatabase.with { database in
            try with(database: database, settings: settings, overrides: overrides, logger: logger) { application in
                guard let outbox = outbox ?? application.outbox as? Outbox else { preconditionFailure("the application's outbox is the jobs table") }
                let salon = try SalonFixture(database: database, pool: application.pool, outbox: outbox)
                let server = try listener.map { try application.makeServer(listener: $0) }
                try server?.start()
                defer { server?.stop(timeout: .seconds(2)) }
                try body(application, salon, server?.port ?? 0)
            }
        }
    }
}
