import Booking
import Foundation
import Postgres
import Runtime
import Synchronization
import TemplateOverrides
import Templates

/// Keeps this daemon's in-memory copies in step with changes any daemon or
/// operator commits, over one listener connection of its own: the verified
/// API keys (`api_keys_changed`), the availability cache's places
/// (`availability_changed`) and, when the worker runs, the parsed templates
/// (`template_changed`).
///
/// Runs on a dedicated thread (the wait blocks in `poll(2)`). Once a second,
/// after notifications and when woken (the daemon answered a write of its
/// own), it proves the connection alive with a round trip, which keeps the
/// key cache and the places trusted. When the connection breaks, both stop serving at once,
/// and after a second the follower reconnects and every copy starts over,
/// since changes made meanwhile were not heard.
final class ChangeFollower: Service {
    /// One in-memory copy's side of the follower.
    struct Subscriber: Sendable {
        /// LISTENs on the connection and forgets what was not heard.
        let subscribe: @Sendable (Connection) throws -> Void
        /// Takes notifications, ignoring other channels'.
        let apply: @Sendable ([PostgresNotification]) -> Void
        /// The connection is about to send a round trip.
        var proving: @Sendable () -> Void = {}
        /// The connection just answered a round trip.
        var confirmed: @Sendable () -> Void = {}
        /// The connection is gone; notifications may be missed until the next `subscribe`.
        var lost: @Sendable () -> Void = {}

        static func following(_ copy: some ChangeListening) -> Subscriber {
            Subscriber(subscribe: copy.subscribe, apply: copy.apply, proving: copy.proving, confirmed: copy.confirmed, lost: copy.lost)
        }

        static func templates(_ catalog: TemplateCatalog) -> Subscriber {
            let listener = TemplateChangeListener(catalog: catalog)
            return Subscriber(subscribe: { try listener.subscribe($0) }, apply: { listener.apply($0) })
        }
    }

    let name = "changes"
    private let configuration: ConnectionConfiguration
    private let subscribers: [Subscriber]
    private let wakeup: Wakeup
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// - Parameter wakeup: ends a wait early, so the next round trip is sent at once.
    init(configuration: ConnectionConfiguration, subscribers: [Subscriber], wakeup: Wakeup, logger: Logger) {
        self.configuration = configuration
        self.subscribers = subscribers
        self.wakeup = wakeup
        self.logger = logger
    }

    func start() async throws {
        let thread = Thread { [self] in follow() }
        thread.name = "changes"
        thread.start()
    }

    func stop() async throws {
        stopping.store(true, ordering: .relaxed)
    }

    private func follow() {
        defer { for subscriber in subscribers { subscriber.lost() } }
        while !stopping.load(ordering: .relaxed) {
            do {
                let connection = try Connection(configuration)
                for subscriber in subscribers { try subscriber.subscribe(connection) }
                while !stopping.load(ordering: .relaxed) {
                    let notifications = try connection.waitForNotifications(timeout: .seconds(1), wakeup: wakeup)
                    for subscriber in subscribers {
                        subscriber.apply(notifications)
                        subscriber.proving()
                    }
                    // What arrived before the round trip's answer is applied before it counts.
                    try connection.run(script: "SELECT 1")
                    let arrived = try connection.waitForNotifications(timeout: .zero)
                    for subscriber in subscribers {
                        subscriber.apply(arrived)
                        subscriber.confirmed()
                    }
                }
            } catch {
                for subscriber in subscribers { subscriber.lost() }
                logger.warning("change listener reconnecting", ["error": .describing(String(describing: error))])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
