import Booking
import Bootstrap
import Delivery
import Foundation
import Notifications
import Postgres
import Queue
import Receipts
import Runtime
import TemplateOverrides
import Templates
import Vocabulary

/// The notification worker's parts, built from `[worker]`, `[email]`, `[sms]`,
/// `[templates]` and `[security]`.
extension Daemon {
    struct WorkerParts {
        var services: [any Service]
        var worker: Worker
    }

    static func makeWorker(config: Config, pool: ConnectionPool, clock: SystemClock, manageTokens: ManageToken,
                           planning: ReminderPlanning, metrics: MetricsRegistry, logger: Logger) throws -> WorkerParts {
        let catalog = TemplateCatalog(
            defaults: DirectoryTemplateStore(root: URL(fileURLWithPath: config.path("templates.directory"))),
            overrides: TemplateOverrideStore(pool: pool))
        let composer = MessageComposer(
            fromAddress: config.string("email.from_address"), domain: config.string("email.message_id_domain"),
            publicBaseURL: config.publicBaseURL.absoluteString, manageTokens: manageTokens)
        let transports: [Channel: any Transport]
        do {
            transports = [.email: try TransportSetup.email(config), .sms: try TransportSetup.sms(config)]
        } catch {
            throw StartupFailure(code: "transport_configuration", message: "cannot set up delivery: \(error)", exitCode: 78)
        }
        let control = QueueChannelControl(pool: pool, logger: logger)
        let breakers = Dictionary(uniqueKeysWithValues: Channel.allCases.map { channel in
            (channel, CircuitBreaker(
                channel: channel, failureThreshold: config.int("worker.breaker_failures"),
                probeInterval: config.duration("worker.breaker_probe_interval"), control: control, now: { clock.now() },
                log: { logger.warning($0) }))
        })
        let sender = MessageSender(pool: pool, catalog: catalog, composer: composer, transports: transports, breakers: breakers, logger: logger,
                                   metrics: metrics)
        var registry = JobRegistry()
        NotificationKinds.register(on: &registry, sender: sender, planning: planning, publicLimits: PublicDoorsSetup.limits(config))
        let events = QueueEventLog(logger: logger)
        let worker = Worker(pool: pool, registry: registry, configuration: WorkerConfiguration(
            queues: ["email": config.int("worker.email_concurrency"), "sms": config.int("worker.sms_concurrency"),
                     "default": config.int("worker.default_concurrency")],
            handlerThreads: config.int("worker.handler_threads"),
            pollInterval: config.duration("worker.poll_interval"), lease: config.duration("worker.lease"),
            heartbeatTimeout: config.duration("worker.heartbeat_timeout"), version: BuildInfo.version,
            retentionRules: retentionRules(config), events: { events.log($0) },
            clock: DatabaseQueueClock(clock: clock)))
        return WorkerParts(
            services: [TemplateChangeFollower(configuration: pool.configuration, listener: TemplateChangeListener(catalog: catalog), logger: logger),
                       WorkerService(worker: worker, shutdownTimeout: config.duration("worker.shutdown_timeout"), logger: logger),
                       BreakerProbe(breakers: Array(breakers.values), control: control)],
            worker: worker)
    }

    /// The tables outside the queue that maintenance prunes by age.
    static func retentionRules(_ config: Config) -> [RetentionRule] {
        [RetentionRule(name: "idempotency_keys", deleteSQL: IdempotencyStore.pruneSQL, retention: IdempotencyStore.retention),
         RetentionRule(name: "message_receipts", deleteSQL: ReceiptStore.pruneSQL, retention: config.duration("worker.receipt_retention"))]
    }
}

/// The queue's Swift-side clock follows the database clock's test offset.
struct DatabaseQueueClock: QueueClock {
    let clock: SystemClock
    func now() -> Date { clock.now() }
}
