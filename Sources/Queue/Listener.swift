import Foundation
import Postgres

/// The worker's ear: a connection of its own, on a thread of its own, that
/// LISTENs for work due now and pokes the claim loop.
///
/// It polls its socket with a short timeout so that it notices `stop()`; when
/// the connection breaks it reconnects after a pause and pokes the loop once,
/// since notifications sent meanwhile are lost.
final class Listener: Sendable {
    private let configuration: ConnectionConfiguration
    private let onNotification: @Sendable () -> Void
    /// Told of each failure to connect or listen, and of each success after them.
    private let failures: FailureReporter
    private let state = Monitor((stopping: false, stopped: false))

    init(configuration: ConnectionConfiguration, failures: FailureReporter, onNotification: @escaping @Sendable () -> Void) {
        self.configuration = configuration
        self.failures = failures
        self.onNotification = onNotification
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "queue-listener"
        thread.start()
    }

    func stop() {
        state.update { $0.stopping = true }
        state.wait(timeout: .seconds(5)) { $0.stopped }
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func run() {
        while !stopping {
            do {
                let connection = try Connection(configuration)
                try connection.listen(Jobs.channel)
                failures.succeeded(.listener)
                // Anything sent while we were not listening is lost: look once.
                onNotification()
                while !stopping {
                    if !(try connection.waitForNotifications(timeout: .milliseconds(250))).isEmpty { onNotification() }
                }
            } catch {
                failures.failed(.listener, error)
                state.wait(timeout: .seconds(1)) { $0.stopping }
            }
        }
        state.update { $0.stopped = true }
    }
}
