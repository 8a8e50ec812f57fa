import API
import Booking
import Bootstrap
import BusinessConsole
import Notifications
import OpsConsole
import Pages
import Queue
import Foundation
import HTTPServer
import Postgres
import Receipts
import Runtime
import Schema
import Templates
import Web

/// Assembles the daemon from its configuration and runs it until SIGTERM.
///
/// Exit codes (sysexits): 0 after a clean stop, 64 for bad arguments, 69 when
/// the database cannot be reached at start, 78 for bad configuration or a
/// schema this release cannot run on (systemd's `RestartPreventExitStatus=78`
/// stops a crash loop), 1 when a service fails.
enum Daemon {
    static let usage = """
        usage: booknowd [--config FILE] [--check-config]
               booknowd --version

          --config FILE    configuration file; without it: $BOOKNOW_CONFIG, else /etc/booknow/booknowd.conf
                           if it exists, else $BOOKNOW_STATE_DIR/booknowd.conf (default .state/) if it
                           exists, else built-in defaults and BOOKNOW_* variables
          --check-config   run every start-up check that needs no database (configuration, link key,
                           templates and pages, transports) and exit 0, or exit 78 saying what is wrong
          --version        print the release, the commit it was built from and the schema it needs
          --help           show this help
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        var configPath: String?
        var checkOnly = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--config":
                guard let path = rest.popFirst() else { return usageError("--config needs a file") }
                configPath = path
            case "--check-config": checkOnly = true
            case "--help", "-h":
                print(usage)
                return 0
            case "--version":
                print(BuildInfo.versionText(program: "booknowd"))
                return 0
            default: return usageError("unknown argument '\(argument)'")
            }
        }

        let choice = ConfigDiscovery().choose(explicit: configPath, environment: environment)
        let config: Config
        do {
            config = try Config.load(file: choice.path, environment: environment)
        } catch {
            standardError("booknowd: \(error)")
            return 78
        }
        do {
            try preflight(config)
        } catch let failure as StartupFailure {
            standardError("booknowd: \(failure.message)")
            return failure.exitCode
        } catch {
            standardError("booknowd: \(error)")
            return 78
        }
        if checkOnly {
            print("booknowd: configuration OK (\(choice.summary))")
            return 0
        }

        let logger = Logger(level: LogLevel(rawValue: config.word("log.level")) ?? .info, environment: environment)
        logger.info("configuration", ["file": LogValue(choice.summary)])
        do {
            let services = try await assemble(config: config, environment: environment, logger: logger)
            let group = ServiceGroup(
                services: services, logger: logger, notifier: SystemdNotifier(environment: environment),
                shutdownTimeout: config.duration("http.shutdown_timeout"))
            return await group.run().exitCode
        } catch let failure as StartupFailure {
            logger.error(failure.message, ["code": LogValue(failure.code)])
            standardError("booknowd: \(failure.message)")
            return failure.exitCode
        } catch {
            logger.error("startup failed", ["error": .describing(String(describing: error))])
            return 1
        }
    }

    /// Checks the database and the schema, then builds the services in start order.
    static func assemble(config: Config, environment: [String: String], logger: Logger) async throws -> [any Service] {
        let pool = try ConnectionPool(config: config, applicationName: "booknowd")
        let clock = SystemClock(config: config)
        try await BlockingThread.run {
            do {
                try pool.withConnection { connection in
                    try Schema.migrator.checkCompatibility(connection)
                    try DatabaseClock.synchronize(clock, connection: connection)
                }
            } catch let error as PostgresError where error.code == .incompatibleSchema {
                throw StartupFailure(code: "incompatible_schema", message: error.message, exitCode: 78)
            } catch let error as PostgresError where error.isConfigurationFailure {
                // A wrong password or an unknown database: restarting will not fix it (78 stops systemd's loop).
                throw StartupFailure(code: error.code.rawValue, message: "database refused the connection: \(error.description)", exitCode: 78)
            } catch let error as PostgresError {
                throw StartupFailure(code: error.code.rawValue, message: "database unavailable: \(error.description)", exitCode: 69)
            } catch let error as RuntimeError {
                throw StartupFailure(code: error.code.rawValue, message: error.description, exitCode: 78)
            }
        }
        logger.info("database ready", ["database": LogValue(pool.configuration.target), "schema": LogValue(String(Schema.migrator.latestVersion))])

        // The worker's own pool: a burst of reminders waits for its own
        // connections and never for the ones booking requests need.
        let workerPool = config.bool("worker.enabled")
            ? try ConnectionPool(config: config, applicationName: "booknowd-worker", sizeKey: "worker.pool_size") : nil
        let metrics = MetricsRegistry()
        var router = Router()
        var pools = ["api": pool]
        pools["worker"] = workerPool
        HealthRoutes(pool: pool, pools: pools, metrics: metrics).register(on: &router)
        let tokens = try manageTokens(config)
        let planning = ReminderPlanning(horizon: config.duration("worker.reminder_horizon"))
        let outbox = QueueOutbox(reminders: planning)
        let perSecond = config.int("http.rate_limit_per_second")
        let limiter = perSecond > 0 ? RateLimiter(ratePerSecond: Double(perSecond), burst: config.int("http.rate_limit_burst")) : nil
        let doors = PublicDoorsSetup.doors(config, metrics: metrics, clock: clock)
        PublicDoorsSetup.registerFloodGauge(metrics, pool: pool)
        let ttl = config.duration("cache.ttl").components
        let availabilityCache = AvailabilityCache.make(enabled: config.bool("cache.enabled"), maxBytes: config.int("cache.max_bytes"),
                                                       ttl: Double(ttl.seconds) + Double(ttl.attoseconds) / 1e18)
        if let availabilityCache { AvailabilityCacheMetrics.register(availabilityCache, on: metrics) }
        APIRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: tokens, limiter: limiter, doors: doors,
                            availabilityCache: availabilityCache)
        ReceiptRoutes.register(on: &router, pool: pool, settings: ReceiptSettings(config: config), metrics: metrics, logger: logger)
        AdminRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: tokens,
                             templates: DirectoryTemplateStore(root: URL(fileURLWithPath: config.path("templates.directory"))),
                             erasure: outbox, limiter: limiter)

        try customerPages(config: config, pool: pool, outbox: outbox, manageTokens: tokens, clock: clock, doors: doors,
                          availabilityCache: availabilityCache).register(on: &router)
        try businessConsole(config: config, pool: pool, bookings: BookingStore(
            pool: pool, outbox: outbox, manageTokens: tokens, availabilityCache: availabilityCache)).register(on: &router)

        router.observer = RequestMetrics(metrics).observe
        var services: [any Service] = [ClockSynchronizer(pool: pool, clock: clock, logger: logger)]
        var worker: Worker?
        if let workerPool {
            let parts = try makeWorker(config: config, pool: workerPool, clock: clock, manageTokens: tokens, planning: planning, metrics: metrics, logger: logger)
            services += parts.services
            worker = parts.worker
            let claimLoop = parts.worker
            QueueMetricsExporter(
                queues: Array(parts.worker.configuration.queues.keys), workerMetrics: { claimLoop.metrics },
                fetchStatistics: { try pool.withConnection { try QueueStatistics.fetch(on: $0) } }
            ).register(on: metrics)
            // Read at scrape time, at most every 30 s (an hour's reminders: ~40,000 at
            // the target scale); an unreachable database leaves the series out.
            let reminders = SharedFigures<ReminderTimeliness>(maxAge: 30)
            metrics.callbackGauges(
                "booknow_reminders_last_hour",
                help: "Reminders finished in the last hour, on time (within 60 s of due, by delivery receipt where one came) or late."
            ) {
                guard let figures = try? reminders.current({ try pool.withConnection { try ReminderTimeliness.lastHour(on: $0) } }).value
                else { return [:] }
                return [["timing": "on_time"]: Double(figures.onTime), ["timing": "late"]: Double(figures.total - figures.onTime)]
            }
        }
        services.append(HTTPService(config: config, router: router, trustedProxies: try PublicDoorsSetup.trustedProxies(config), logger: logger))
        if let console = try opsConsole(config: config, pool: pool) {
            var opsRouter = Router()
            console.register(on: &opsRouter)
            services.append(HTTPService(config: config, router: opsRouter, trustedProxies: TrustedProxies(), logger: logger, name: "ops"))
        }
        if let interval = Watchdog.interval(environment: environment) {
            // Fed only while the database answers and the claim loop is healthy.
            let claimLoop = worker
            services.append(Watchdog(
                interval: interval, notifier: SystemdNotifier(environment: environment), logger: logger,
                isHealthy: {
                    let databaseAnswers = (try? await BlockingThread.run { pool.isHealthy() }) ?? false
                    return databaseAnswers && (claimLoop?.health.isHealthy ?? true)
                }))
        }
        return services
    }

    /// The customer pages, from `templates.directory`/pages; a folder that is
    /// missing or incomplete stops the start (exit 78) rather than every page.
    static func customerPages(config: Config, pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken,
                              clock: SystemClock, doors: PublicDoors = PublicDoors(), availabilityCache: AvailabilityCache? = nil) throws -> CustomerPages {
        let templates = try pageTemplates(config)
        return CustomerPages(
            pool: pool, outbox: outbox, manageTokens: manageTokens, templates: templates,
            linkKey: Array((config.secret("security.link_key_file")?.reveal() ?? "").utf8), publicBaseURL: config.publicBaseURL,
            calendarDomain: config.string("email.message_id_domain"), doors: doors, now: { clock.now() },
            availabilityCache: availabilityCache)
    }

    /// The key customers' manage links are derived from; without one no link can be made.
    static func manageTokens(_ config: Config) throws -> ManageToken {
        guard let key = config.secret("security.link_key_file")?.reveal(), key.utf8.count >= 16 else {
            throw StartupFailure(
                code: "link_key_missing",
                message: "security.link_key_file must name a file holding a random key of at least 16 characters (head -c 32 /dev/urandom | base64 > FILE)",
                exitCode: 78)
        }
        return ManageToken(key: Array(key.utf8))
    }

    private static func usageError(_ message: String) -> Int32 {
        standardError("booknowd: \(message)\n\(usage)")
        return 64
    }
}

/// A reason the daemon cannot start, with the exit code that tells systemd whether to retry.
struct StartupFailure: Error {
    let code: String
    let message: String
    let exitCode: Int32
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
