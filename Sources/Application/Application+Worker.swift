import Booking
import Bootstrap
public import Delivery
import Foundation
public import Notifications
public import Postgres
public import Queue
import Receipts
import Runtime
import TemplateOverrides
public import Templates
public import Vocabulary

/// The notification worker's parts, built from `[worker]`, `[email]`, `[sms]`,
/// `[templates]` and `[security]` over the worker's own pool: the transports,
/// the sender, the circuit breakers and the queue control they pause, the
/// handlers of every job kind, and the daemon's worker.
public struct NotificationParts: Sendable {
    public let pool: ConnectionPool
    public let catalog: TemplateCatalog
    public let transports: [Channel: any Transport]
    public let sender: MessageSender
    public let breakers: [Channel: CircuitBreaker]
    public let control: QueueChannelControl
    /// The handlers of every job kind.
    public let registry: JobRegistry
    /// The daemon's worker configuration, from `[worker]`.
    public let configuration: WorkerConfiguration
    /// The worker `booknowd` runs.
    public let worker: Worker

    init(config: Config, pool: ConnectionPool, clock: SystemClock, manageTokens: ManageToken, planning: ReminderPlanning,
         metrics: MetricsRegistry, logger: Logger, overrides: Application.Overrides) throws {
        self.pool = pool
        catalog = TemplateCatalog(defaults: DirectoryTemplateStore(root: Application.templatesRoot(config)), overrides: TemplateOverrideStore(pool: pool))
        let composer = MessageComposer(
            fromAddress: config.string("email.from_address"), domain: config.string("email.message_id_domain"),
            publicBaseURL: config.publicBaseURL.absoluteString, manageTokens: manageTokens)
        do {
            transports = try Dictionary(uniqueKeysWithValues: Channel.allCases.map { channel in
                (channel, try overrides.transports[channel] ?? Application.transport(channel, config: config))
            })
        } catch {
            throw StartupFailure(code: "transport_configuration", message: "cannot set up delivery: \(error)", exitCode: 78)
        }
        let control = QueueChannelControl(pool: pool, logger: logger)
        self.control = control
        breakers = overrides.breakers ?? Dictionary(uniqueKeysWithValues: Channel.allCases.map { channel in
            (channel, CircuitBreaker(
                channel: channel, failureThreshold: config.int("worker.breaker_failures"),
                probeInterval: config.duration("worker.breaker_probe_interval"), control: control, now: { clock.now() },
                log: { logger.warning($0) }))
        })
        sender = MessageSender(pool: pool, catalog: catalog, composer: composer, transports: transports, breakers: breakers, logger: logger,
                               metrics: metrics, monotonic: overrides.monotonic ?? { ContinuousClock.now })
        var registry = JobRegistry()
        NotificationKinds.register(on: &registry, sender: sender, planning: planning, publicLimits: PublicDoorsSetup.limits(config))
        self.registry = registry
        let events = QueueEventLog(logger: logger)
        configuration = WorkerConfiguration(
            queues: ["email": config.int("worker.email_concurrency"), "sms": config.int("worker.sms_concurrency"),
                     "default": config.int("worker.default_concurrency")],
            handlerThreads: config.int("worker.handler_threads"),
            pollInterval: config.duration("worker.poll_interval"), lease: config.duration("worker.lease"),
            heartbeatTimeout: config.duration("worker.heartbeat_timeout"), version: BuildInfo.version,
            retentionRules: Application.retentionRules(config), events: { events.log($0) },
            clock: DatabaseQueueClock(clock: clock))
        worker = Worker(pool: pool, registry: registry, configuration: configuration)
    }

    /// Another worker over the same pool and handlers (a test's, started and
    /// stopped around the work it waits for); `adjust` changes its configuration.
    public func makeWorker(_ adjust: (inout WorkerConfiguration) -> Void = { _ in }) -> Worker {
        var configuration = self.configuration
        configuration.name = WorkerConfiguration.defaultName()
        adjust(&configuration)
        return Worker(pool: pool, registry: registry, configuration: configuration)
    }

    /// The worker and the breakers' probe, in start order (the application's
    /// change follower keeps `catalog` in step).
    func services(config: Config, logger: Logger) -> [any Service] {
        [WorkerService(worker: worker, shutdownTimeout: config.duration("worker.shutdown_timeout"), logger: logger),
         BreakerProbe(breakers: Array(breakers.values), control: control)]
    }
}

extension Application {
    /// The tables outside the queue that maintenance prunes by age.
    static func retentionRules(_ config: Config) -> [RetentionRule] {
        [RetentionRule(name: "idempotency_keys", deleteSQL: IdempotencyStore.pruneSQL, retention: IdempotencyStore.retention),
         RetentionRule(name: "message_receipts", deleteSQL: ReceiptStore.pruneSQL, retention: config.duration("worker.receipt_retention"))]
    }

    /// `templates.directory`: the message templates, and the pages' and consoles' folders.
    static func templatesRoot(_ config: Config) -> URL {
        URL(fileURLWithPath: config.path("templates.directory"))
    }
}

/// The queue's Swift-side clock follows the database clock's test offset.
struct DatabaseQueueClock: QueueClock {
    let clock: SystemClock
    func now() -> Date { clock.now() }
}
