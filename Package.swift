// swift-tools-version: 6.1
import PackageDescription

/// Every Swift target gets the same strictness.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

func module(_ name: String, _ deps: [Target.Dependency] = [], resources: [Resource]? = nil) -> Target {
    .target(name: name, dependencies: deps, resources: resources, swiftSettings: strict)
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, swiftSettings: strict)
}

let package = Package(
    name: "BookNow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "booknowd", targets: ["booknowd"]),
        .executable(name: "booknowctl", targets: ["booknowctl"]),
    ],
    targets: [
        // C libraries from Debian: a modulemap and a shim header each.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Thin owners of the C libraries: each is the only importer of its C module.
        module("Postgres", ["CLibPQ"]),
        module("HTTPServer", ["CMicroHTTPD"]),
        module("Crypto", ["CLibCrypto"]),
        module("Curl", ["CCurl"]),

        // The database schema: numbered SQL migrations embedded in the binaries.
        module("Schema", ["Postgres"], resources: [.embedInCode("Migrations")]),

        // The words Booking and Notifications share: channels, message kinds, booking
        // statuses, job kinds and each job kind's payload, as they are stored.
        module("Vocabulary"),

        // Pure domain modules: no I/O beyond reading template files.
        module("SMSText"),
        module("Templates", ["SMSText", "Vocabulary"]),
        module("Scheduling"),

        // Per-business template overrides in PostgreSQL, plugged into the catalog.
        module("TemplateOverrides", ["Templates", "Postgres", "Vocabulary"]),

        // Pure Swift foundations.
        module("Runtime"),

        // Message composition and transports (SMTP, HTTP SMS, file outbox).
        module("Delivery", ["Curl", "Vocabulary"]),

        // Benchmarks (not timed tests): see BENCHMARKS.md.
        .executableTarget(name: "bench-delivery", dependencies: ["Delivery"], path: "bench/delivery", exclude: ["run.sh", "ab.sh", "instructions.sh", "sms-sink.sh", "reference"], swiftSettings: strict),

        // Booking operations on PostgreSQL, and the public /v1 API over them.
        module("Booking", ["Postgres", "Scheduling", "Crypto", "Vocabulary"]),
        module("API", ["Booking", "HTTPServer", "Postgres", "Crypto", "Scheduling", "TemplateOverrides", "Templates", "Vocabulary"], resources: [.embedInCode("openapi.yaml")]),

        // Pages: the web conventions every surface shares (templates and texts, security
        // headers, CSRF, language), and the customer pages over Booking.
        module("Web", ["HTTPServer", "Templates", "Crypto"]),
        module("Pages", ["Web", "Booking", "HTTPServer", "Postgres", "Templates", "Crypto", "Delivery", "Vocabulary"]),

        // The jobs table and its worker: knows no job kind.
        module("Queue", ["Postgres"]),

        // The notification flows: job handlers over Queue, Booking, Templates and Delivery.
        module("Notifications", ["Queue", "Booking", "Templates", "Delivery", "Postgres", "Receipts", "Runtime", "Scheduling", "Vocabulary"]),

        // Provider callbacks: delivery receipts, inbound STOP/START, the PostgreSQL suppression list.
        module("Receipts", ["Postgres", "Delivery", "HTTPServer", "Crypto", "Runtime", "Vocabulary"]),

        // Operator accounts and sessions (scrypt passwords, hashed session ids, sign-in throttling).
        module("Accounts", ["Postgres", "Crypto"]),
        // The operator console /ops: queues, jobs, dead letters and replay, on its own listener.
        module("OpsConsole", ["Accounts", "Web", "HTTPServer", "Queue", "Receipts", "Booking", "Notifications", "Delivery", "Postgres", "Scheduling", "Templates", "Crypto", "Vocabulary", "Runtime"]),

        // The business console /console: sign-in by emailed link, scoped to one business, on the public listener.
        module("BusinessConsole", ["Accounts", "Web", "HTTPServer", "Booking", "Delivery", "Notifications", "Postgres", "Templates", "TemplateOverrides", "SMSText", "Crypto", "Runtime", "Vocabulary"]),

        // Executables.
        // What both executables share: turning configuration into a pool, the database clock.
        module("Bootstrap", ["Postgres", "Schema", "Runtime", "Delivery", "Crypto"]),

        // The composition root: configuration to the assembled application (pools, clock, outbox,
        // transports, worker and handlers, every route and listener, health and metrics), with the
        // overrides tests need. booknowd runs it; booknowctl and the test worlds build it too.
        module("Application", ["API", "Accounts", "Booking", "Bootstrap", "BusinessConsole", "Delivery", "HTTPServer", "Notifications",
                               "OpsConsole", "Pages", "Postgres", "Queue", "Receipts", "Runtime", "Schema", "TemplateOverrides", "Templates",
                               "Vocabulary", "Web"]),
        .executableTarget(name: "booknowd", dependencies: ["Application", "Bootstrap", "Runtime"], swiftSettings: strict),
        .executableTarget(name: "booknowctl", dependencies: ["Accounts", "Application", "Booking", "Bootstrap", "BusinessConsole", "Web", "Crypto", "Delivery", "Notifications", "Postgres", "Queue", "Receipts", "Runtime", "Scheduling", "Schema", "Templates", "TemplateOverrides", "Vocabulary"], swiftSettings: strict),

        // Benchmarks: run with `swift run -c release bench-templates`.
        .executableTarget(name: "bench-templates", dependencies: ["Templates", "Vocabulary"], path: "bench/templates", swiftSettings: strict),
        // Run with bench/queue/run.sh, which starts its own PostgreSQL cluster.
        .executableTarget(name: "bench-queue", dependencies: ["Queue", "Postgres"], path: "bench/queue", exclude: ["run.sh", "ab.sh", "claim_plans.sh", "ceiling", "pgqueuer"], swiftSettings: strict),
        // Run with bench/notifications/run.sh: the SMS sink of the notification burst benchmark.
        .executableTarget(name: "bench-sms-sink", dependencies: ["HTTPServer"], path: "bench/notifications",
                          exclude: ["run.sh", "ab.sh", "smtp_sink.py", "drive_bookings.py", "report.py", "seed_burst.sql", "seed_rate.sql"],
                          swiftSettings: strict),

        // Shared by the test targets: throwaway databases, peers, threads.
        module("TestSupport", ["Postgres", "Schema", "HTTPServer", "Booking", "Scheduling"]),
        // The assembled application on a test database: the live-server world of the API, security and
        // hostile-input suites, and the application the notification and waitlist worlds run.
        module("APITestSupport", ["Application", "API", "Booking", "Delivery", "HTTPServer", "Notifications", "Postgres", "Queue", "Runtime", "Scheduling", "TestSupport", "Vocabulary"]),

        tests("PostgresTests", ["Postgres", "Schema", "TestSupport"]),
        tests("HTTPServerTests", ["HTTPServer", "TestSupport"]),
        tests("CryptoTests", ["Crypto"]),
        tests("SchedulingTests", ["Scheduling"]),
        tests("BookingSchemaTests", ["Postgres", "Schema", "TestSupport"]),
        tests("BookingTests", ["Booking", "Postgres", "Scheduling", "TestSupport", "Vocabulary"]),
        tests("APITests", ["APITestSupport", "API", "Booking", "HTTPServer", "Postgres", "Scheduling", "TestSupport", "Vocabulary"]),
        tests("QueueTests", ["Queue", "Postgres", "Schema", "TestSupport"]),
        // The admin API and the OpenAPI document, over a real socket against PostgreSQL.
        tests("AdminAPITests", ["APITestSupport", "API", "Booking", "HTTPServer", "Postgres", "Scheduling", "Templates", "TestSupport", "Vocabulary"]),
        // The Mustache spec suites are fixtures copied verbatim from mustache/spec.
        .testTarget(
            name: "TemplatesTests",
            dependencies: ["Templates", "SMSText", "Vocabulary"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        tests("RuntimeTests", ["Runtime"]),
        // Job payloads decode from the shape older daemons store, and encode back to it.
        tests("VocabularyTests", ["Vocabulary"]),
        // Secrets stored as hashes, compared in constant time, never logged; per-key rate limits.
        tests("SecurityTests", ["API", "APITestSupport", "Booking", "Crypto", "HTTPServer", "Postgres", "TestSupport"]),
        // Hostile requests get a 4xx problem and leave the server answering; tenancy across every route.
        tests("HostileInputTests", ["API", "APITestSupport", "Booking", "HTTPServer", "Postgres", "TestSupport"]),
        tests("DeliveryTests", ["Delivery", "Curl", "TestSupport", "Vocabulary"]),
        // Overrides against PostgreSQL, and the booknowctl templates commands as subprocesses.
        tests("TemplateOverrideTests", ["TemplateOverrides", "Templates", "Postgres", "TestSupport", "Vocabulary"]),
        // End to end: the built booknowd and booknowctl as subprocesses.
        // Provider callbacks over a real socket, against PostgreSQL.
        tests("ReceiptsTests", ["Receipts", "Delivery", "Crypto", "HTTPServer", "Postgres", "Runtime", "TestSupport", "Vocabulary"]),
        // The notification flows against PostgreSQL, with a file outbox and a real SMTP server.
        tests("NotificationTests", ["APITestSupport", "Notifications", "Receipts", "Booking", "Delivery", "Queue", "Postgres", "Runtime", "Scheduling", "Templates", "TestSupport", "Vocabulary"]),
        tests("WaitlistTests", ["APITestSupport", "API", "Notifications", "Booking", "Delivery", "HTTPServer", "Queue", "Postgres", "Runtime", "Scheduling", "Templates", "TestSupport", "Vocabulary"]),
        // The customer pages over a real socket against PostgreSQL (the browser suite drives them end to end).
        tests("PagesTests", ["Application", "Pages", "Web", "APITestSupport", "Booking", "HTTPServer", "Notifications", "Postgres", "Scheduling", "TestSupport", "Vocabulary"]),
        // The operator console over a real socket against PostgreSQL (the browser suite drives it end to end).
        tests("OpsConsoleTests", ["Application", "OpsConsole", "Accounts", "APITestSupport", "Web", "Booking", "Crypto", "HTTPServer", "Notifications", "Postgres", "Queue", "Receipts", "TestSupport", "Vocabulary", "Runtime"]),
        // The business console over a real socket against PostgreSQL, with a real SMTP server (the browser suite drives it end to end).
        tests("BusinessConsoleTests", ["Application", "BusinessConsole", "Accounts", "APITestSupport", "Web", "Booking", "Crypto", "Delivery", "HTTPServer", "Notifications", "Postgres", "Queue", "Receipts", "Runtime", "TemplateOverrides", "Templates", "TestSupport", "Vocabulary"]),
        tests("DaemonTests", ["TestSupport", "Application", "Booking", "HTTPServer", "Crypto", "Postgres", "Queue", "Runtime", "Schema", "booknowd"]),
    ]
)
