import Foundation
import Postgres
import Runtime
import Synchronization
import TemplateOverrides

/// Keeps this daemon's template cache in step with overrides saved by any
/// daemon or operator: LISTENs on `template_changed` on a connection of its
/// own and drops the changed business's cached templates.
///
/// Runs on a dedicated thread (the wait blocks in `poll(2)`). When the
/// connection breaks it reconnects after a second and clears the whole cache,
/// since changes made meanwhile were not heard.
final class TemplateChangeFollower: Service {
    let name = "template-changes"
    private let configuration: ConnectionConfiguration
    private let listener: TemplateChangeListener
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    init(configuration: ConnectionConfiguration, listener: TemplateChangeListener, logger: Logger) {
        self.configuration = configuration
        self.listener = listener
        self.logger = logger
    }

    func start() async throws {
        let thread = Thread { [self] in follow() }
        thread.name = "template-changes"
        thread.start()
    }

    func stop() async throws {
        stopping.store(true, ordering: .relaxed)
    }

    private func follow() {
        while !stopping.load(ordering: .relaxed) {
            do {
                let connection = try Connection(configuration)
                try listener.subscribe(connection)
                while !stopping.load(ordering: .relaxed) {
                    listener.apply(try connection.waitForNotifications(timeout: .seconds(1)))
                }
            } catch {
                logger.warning("template change listener reconnecting", ["error": .describing(String(describing: error))])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
