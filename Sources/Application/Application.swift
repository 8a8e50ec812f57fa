import API
public import Booking
import Bootstrap
import BusinessConsole
import Delivery
public import Foundation
public import HTTPServer
public import Notifications
import OpsConsole
import Pages
public import Postgres
import Queue
import Receipts
public import Runtime
import Schema
import Templates
import Vocabulary

/// The one composition root: configuration in, the assembled application out.
///
/// Everything that serves or sends is wired here, once: the API's pool and
/// the worker's own, the clock, the outbox, the transports and the worker's
/// handlers, the `/v1` routes, provider callbacks, the customer pages and the
/// business console on the public listener, the operator console on its own,
/// health and metrics. `booknowd` runs what this builds; `booknowctl` and the
/// test worlds build it too, replacing only what `Overrides` names, so a
/// test exercises the daemon's wiring rather than a copy of it.
///
/// Building blocks on libpq (it checks the database and the schema, and reads
/// the clock's test offset): call it on a dedicated thread, never on Swift's
/// cooperative pool. Nothing listens or runs until `services()` are started.
public final class Application: Sendable {
    public let config: Config
    public let logger: Logger
    /// The host's clock with the database's test offset; `now` reads it unless overridden.
    public let clock: SystemClock
    /// What every timed rule of the pages and the public doors asks for the time.
    public let now: @Sendable () -> Date
    /// The pool requests and the consoles use (`database.pool_size`).
    public let pool: ConnectionPool
    /// The worker's own pool (`worker.pool_size`), so a burst of reminders waits
    /// for its own connections and never for the ones booking requests need.
    /// Nil when `worker.enabled` is false.
    public let workerPool: ConnectionPool?
    public let metrics: MetricsRegistry
    public let manageTokens: ManageToken
    public let planning: ReminderPlanning
    /// Where booking operations hand the work they cause (the jobs table, unless overridden).
    public let outbox: any WorkOutbox & CustomerErasure
    /// Booking operations over `pool` and `outbox`, with the availability cache.
    public let bookings: BookingStore
    public let availabilityCache: AvailabilityCache?
    /// Ends the change follower's wait, so a write this daemon answered is heard at once.
    private let followerWakeup = Wakeup()
    /// The API keys this daemon has verified; nil when `cache.api_keys` is false.
    public let keyCache: APIKeyCache?
    /// Every route of the public listener (`[http]`).
    public let router: Router
    /// The operator console's routes, for its own listener (`[ops]`); nil when `ops.address` is empty.
    public let opsRouter: Router?
    /// The notification worker's parts; nil when `worker.enabled` is false.
    public let notifications: NotificationParts?
    private let ownedPools: [ConnectionPool]

    /// Assembles the application.
    ///
    /// - Throws: `StartupFailure` with the exit code that tells systemd whether
    ///   to retry: 69 when the database cannot be reached, 78 for configuration
    ///   or a schema this release cannot run on.
    public init(config: Config, logger: Logger, overrides: Overrides = Overrides()) throws {
        self.config = config
        self.logger = logger
        let clock = SystemClock(config: config)
        self.clock = clock
        now = overrides.now ?? { clock.now() }
        let manageTokens = try Self.manageTokens(config)
        self.manageTokens = manageTokens
        let pool = try ConnectionPool(config: config, applicationName: "booknowd")
        self.pool = pool
        do {
            try Self.checkDatabase(pool, clock: clock)
        } catch {
            pool.close()
            throw error
        }
        logger.info("database ready", ["database": LogValue(pool.configuration.target), "schema": LogValue(String(Schema.migrator.latestVersion))])
        let workerPool = config.bool("worker.enabled")
            ? try ConnectionPool(config: config, applicationName: "booknowd-worker", sizeKey: "worker.pool_size") : nil
        self.workerPool = workerPool
        ownedPools = [pool] + (workerPool.map { [$0] } ?? [])
        let metrics = MetricsRegistry()
        self.metrics = metrics
        let jobsOutbox = Self.outbox(config)
        let planning = jobsOutbox.reminders
        self.planning = planning
        let outbox = overrides.outbox ?? jobsOutbox
        self.outbox = outbox
        let ttl = config.duration("cache.ttl").components
        let availabilityCache = AvailabilityCache.make(enabled: config.bool("cache.enabled"), maxBytes: config.int("cache.max_bytes"),
                                                       ttl: Double(ttl.seconds) + Double(ttl.attoseconds) / 1e18, followerWakeup: followerWakeup)
        self.availabilityCache = availabilityCache
        let keyCache = config.bool("cache.api_keys") ? APIKeyCache() : nil
        self.keyCache = keyCache
        let bookings = BookingStore(pool: pool, outbox: outbox, manageTokens: manageTokens, availabilityCache: availabilityCache)
        self.bookings = bookings
        let notifications = try workerPool.map { workerPool in
            try NotificationParts(config: config, pool: workerPool, clock: clock, manageTokens: manageTokens, planning: planning,
                                  metrics: metrics, logger: logger, overrides: overrides)
        }
        self.notifications = notifications
        var router = Router()
        var pools = ["api": pool]
        pools["worker"] = workerPool
        HealthRoutes(pool: pool, pools: pools, metrics: metrics).register(on: &router)
        let perSecond = config.int("http.rate_limit_per_second")
        let limiter = overrides.limiter
            ?? (perSecond > 0 ? RateLimiter(ratePerSecond: Double(perSecond), burst: config.int("http.rate_limit_burst")) : nil)
        let now = self.now
        let doors = overrides.doors ?? PublicDoorsSetup.doors(config, metrics: metrics, now: now)
        PublicDoorsSetup.registerFloodGauge(metrics, pool: pool)
        if let availabilityCache { CacheMetrics.register(availabilityCache, on: metrics) }
        if let keyCache { CacheMetrics.register(keyCache, on: metrics) }
        APIRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: manageTokens, limiter: limiter, doors: doors,
                           availabilityCache: availabilityCache, keys: keyCache)
        ReceiptRoutes.register(on: &router, pool: pool, settings: ReceiptSettings(config: config), metrics: metrics, logger: logger)
        AdminRoutes.register(on: &router, pool: pool, outbox: outbox, manageTokens: manageTokens,
                             templates: DirectoryTemplateStore(root: Self.templatesRoot(config)), erasure: outbox, limiter: limiter,
                             keys: keyCache)
        try Self.customerPages(config: config, pool: pool, outbox: outbox, manageTokens: manageTokens, now: now, doors: doors,
                               availabilityCache: availabilityCache).register(on: &router)
        try Self.businessConsole(config: config, pool: pool, bookings: bookings, workerMail: notifications?.transports[.email],
                                overrides: overrides).register(on: &router)
        router.observer = Self.observer(RequestMetrics(metrics).observe, fencing: availabilityCache)
        self.router = router
        if let console = try Self.opsConsole(config: config, pool: pool, overrides: overrides) {
            var opsRouter = Router()
            console.register(on: &opsRouter)
            opsRouter.observer = Self.observer(nil, fencing: availabilityCache)
            self.opsRouter = opsRouter
        } else {
            opsRouter = nil
        }
        if let notifications {
            QueueMetricsExporter(
                queues: Array(notifications.worker.configuration.queues.keys), workerMetrics: { notifications.worker.metrics },
                fetchStatistics: { try pool.withConnection { try QueueStatistics.fetch(on: $0) } }
            ).register(on: metrics)
            Self.registerReminderTimeliness(metrics, pool: pool)
        }
    }

    /// A router's observer: `metrics` (if any) for every request, and after a
    /// write (any method but GET, HEAD and OPTIONS), before it is answered, a
    /// fence on the availability cache, so whoever sent the write never reads
    /// availability from before it.
    static func observer(_ metrics: Router.Observer?, fencing cache: AvailabilityCache?) -> Router.Observer? {
        guard let cache else { return metrics }
        return { method, route, status, duration in
            metrics?(method, route, status, duration)
            if !method.isSafe { cache.fence() }
        }
    }

    /// The services in start order: the clock follower, the change follower
    /// (when anything is cached), the worker's (when it runs), the public
    /// listener and the operator console's listener.
    public func services() throws -> [any Service] {
        var services: [any Service] = [ClockSynchronizer(pool: pool, clock: clock, logger: logger)]
        let subscribers = (keyCache.map { [ChangeFollower.Subscriber.following($0)] } ?? [])
            + (availabilityCache.map { [ChangeFollower.Subscriber.following($0)] } ?? [])
            + (notifications.map { [ChangeFollower.Subscriber.templates($0.catalog)] } ?? [])
        if !subscribers.isEmpty {
            var configuration = pool.configuration
            configuration.applicationName = "booknowd-changes"
            services.append(ChangeFollower(configuration: configuration, subscribers: subscribers, wakeup: followerWakeup, logger: logger))
        }
        if let notifications { services += notifications.services(config: config, logger: logger) }
        services.append(HTTPService(server: try makeServer(), name: "http", shutdownTimeout: config.duration("http.shutdown_timeout"), logger: logger))
        if opsRouter != nil {
            services.append(HTTPService(server: try makeServer(listener: "ops"), name: "ops",
                                        shutdownTimeout: config.duration("http.shutdown_timeout"), logger: logger))
        }
        return services
    }

    /// True while the API's database answers and the worker's claim loop (if any) is healthy.
    public func isHealthy() async -> Bool {
        let pool = self.pool
        let databaseAnswers = (try? await BlockingThread.run { pool.isHealthy() }) ?? false
        return databaseAnswers && (notifications?.worker.health.isHealthy ?? true)
    }

    /// Closes the pools this application opened; call after its services stopped.
    public func close() {
        for pool in ownedPools { pool.close() }
    }

    /// Runs `body` with an assembled application and closes it afterwards.
    public static func with<T>(config: Config, logger: Logger, overrides: Overrides = Overrides(),
                               _ body: (Application) throws -> T) throws -> T {
        let application = try Application(config: config, logger: logger, overrides: overrides)
        defer { application.close() }
        return try body(application)
    }

    /// The database answers, the schema is one this release runs on, and the clock's offset is allowed.
    static func checkDatabase(_ pool: ConnectionPool, clock: SystemClock) throws {
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

    /// `booknow_reminders_last_hour`: read at scrape time, at most every 30 s (an
    /// hour's reminders: ~40,000 at the target scale); an unreachable database
    /// leaves the series out.
    private static func registerReminderTimeliness(_ metrics: MetricsRegistry, pool: ConnectionPool) {
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
}
