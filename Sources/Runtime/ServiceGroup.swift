import Glibc
import Synchronization

/// Runs the daemon's services from start to graceful exit.
///
/// `run()` starts the services in order, tells systemd `READY=1`, waits
/// for SIGTERM/SIGINT (or `requestShutdown`), tells systemd `STOPPING=1`,
/// stops the services in reverse order within the shutdown timeout, and
/// returns a `Termination` whose `exitCode` the daemon exits with.
public final class ServiceGroup: Sendable {
    /// Why the group stopped and whether it stopped cleanly.
    public struct Termination: Sendable, Equatable {
        public enum Cause: Sendable, Equatable {
            /// A signal such as SIGTERM: the normal way a daemon stops.
            case signal(Int32)
            /// `requestShutdown(reason:)` was called.
            case requested(String)
            /// A service reported a fatal failure through `requestShutdown(failure:)`.
            case failed(String)
            /// A service's `start()` threw; the services before it were stopped again.
            case startFailed(service: String, error: String)
        }

        public let cause: Cause
        /// One entry per service whose `stop()` threw or overran the timeout.
        public let stopFailures: [String]

        public init(cause: Cause, stopFailures: [String]) {
            self.cause = cause
            self.stopFailures = stopFailures
        }

        /// 0 for a clean stop after a signal or request, 1 otherwise.
        public var exitCode: Int32 {
            switch cause {
            case .signal, .requested: stopFailures.isEmpty ? 0 : 1
            case .failed, .startFailed: 1
            }
        }
    }

    private enum Phase {
        case running(waiter: CheckedContinuation<Termination.Cause, Never>?)
        case stopping(Termination.Cause)
    }

    /// SIGTERM (systemd's stop) and SIGINT (Ctrl-C in a terminal).
    public static let shutdownSignals: [Int32] = [SIGTERM, SIGINT]

    /// The least time a service's `stop()` is awaited, even past the deadline.
    static let minimumStopGrace = Duration.milliseconds(100)

    private let services: [any Service]
    private let logger: Logger
    private let notifier: SystemdNotifier
    private let shutdownTimeout: Duration
    private let signals: [Int32]
    private let phase = Mutex(Phase.running(waiter: nil))

    /// - Parameters:
    ///   - signals: the signals that start a graceful shutdown; tests pass `[]`.
    ///   - shutdownTimeout: the time all `stop()` calls share.
    public init(services: [any Service], logger: Logger, notifier: SystemdNotifier,
                shutdownTimeout: Duration, signals: [Int32] = ServiceGroup.shutdownSignals) {
        self.services = services
        self.logger = logger
        self.notifier = notifier
        self.shutdownTimeout = shutdownTimeout
        self.signals = signals
    }

    /// Asks the group to stop gracefully; the first request decides the cause. Callable from any thread.
    public func requestShutdown(reason: String) {
        trigger(.requested(reason))
    }

    /// Reports that a service cannot continue; the group stops and exits non-zero.
    public func requestShutdown(failure: String) {
        trigger(.failed(failure))
    }

    /// Runs until shutdown and reports how it ended. Call once.
    public func run() async -> Termination {
        SignalTrap.ignoreBrokenPipe()
        let trap = await SignalTrap.install(signals: signals) { [self] number in trigger(.signal(number)) }
        defer { trap.cancel() }

        var started: [any Service] = []
        for service in services {
            do {
                try await service.start()
                started.append(service)
            } catch {
                logger.error("service failed to start", ["service": LogValue(service.name), "error": .describing(String(describing: error))])
                let cause = Termination.Cause.startFailed(service: service.name, error: String(describing: error))
                trigger(cause)
                return Termination(cause: cause, stopFailures: await stop(started))
            }
        }
        tellSystemd(.ready, .status("running"))
        logger.notice("started", ["services": LogValue(services.map(\.name).joined(separator: ","))])

        let cause = await waitForShutdown()
        logger.notice("stopping", ["cause": .describing(String(describing: cause))])
        tellSystemd(.stopping, .status("stopping"))
        return Termination(cause: cause, stopFailures: await stop(started))
    }

    /// Stops `started` in reverse order, all within one shared deadline.
    private func stop(_ started: [any Service]) async -> [String] {
        let deadline = ContinuousClock.now + shutdownTimeout
        var failures: [String] = []
        for service in started.reversed() {
            // Once the shared deadline has passed, each remaining service still
            // gets a short grace so a quick stop (closing a pool) is not skipped.
            let remaining = max(Self.minimumStopGrace, ContinuousClock.now.duration(to: deadline))
            switch await Deadline.run(within: remaining, { try await service.stop() }) {
            case .finished:
                logger.info("service stopped", ["service": LogValue(service.name)])
            case .failed(let error):
                failures.append("\(service.name): \(error)")
                logger.error("service failed to stop", ["service": LogValue(service.name), "error": LogValue(error)])
            case .timedOut:
                failures.append("\(service.name): did not stop within the shutdown timeout")
                logger.error("service did not stop in time", ["service": LogValue(service.name)])
            }
        }
        return failures
    }

    private func waitForShutdown() async -> Termination.Cause {
        await withCheckedContinuation { continuation in
            let decided: Termination.Cause? = phase.withLock { phase in
                switch phase {
                case .stopping(let cause): return cause
                case .running: phase = .running(waiter: continuation); return nil
                }
            }
            if let decided { continuation.resume(returning: decided) }
        }
    }

    private func trigger(_ cause: Termination.Cause) {
        let waiter: CheckedContinuation<Termination.Cause, Never>?? = phase.withLock { phase in
            guard case .running(let waiter) = phase else { return nil }
            phase = .stopping(cause)
            return .some(waiter)
        }
        if case .some(.some(let waiter)) = waiter { waiter.resume(returning: cause) }
    }

    /// sd_notify failures are logged, not fatal: systemd's own timeouts will notice.
    private func tellSystemd(_ messages: SystemdNotifier.Message...) {
        do {
            try notifier.notify(messages)
        } catch {
            logger.warning("sd_notify failed", ["error": .describing(error)])
        }
    }
}
