import Glibc
import Synchronization

/// Sends `WATCHDOG=1` to systemd at half the unit's `WatchdogSec=`, but
/// only while a health check passes.
///
/// A daemon whose threads are alive but whose work is stuck (database
/// unreachable for good, worker loop wedged) stops petting the watchdog,
/// and systemd restarts it. Half the interval leaves room for one late tick.
public final class Watchdog: Service {
    public let name = "watchdog"
    /// Time between ticks.
    public let interval: Duration
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let isHealthy: @Sendable () async -> Bool
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    /// - Parameter isHealthy: asked before every tick; `false` skips the tick.
    public init(interval: Duration, notifier: SystemdNotifier, logger: Logger,
                isHealthy: @escaping @Sendable () async -> Bool) {
        self.interval = interval
        self.notifier = notifier
        self.logger = logger
        self.isHealthy = isHealthy
    }

    /// Half of `WATCHDOG_USEC`, or nil when systemd asked for no watchdog
    /// (unset, zero, not a number, or `WATCHDOG_PID` names another process).
    /// - Parameter pid: this process's id; nil means `getpid()`.
    public static func interval(environment: [String: String], pid: Int32? = nil) -> Duration? {
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != (pid ?? getpid()) { return nil }
        guard let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 else { return nil }
        return .microseconds(usec / 2)
    }

    /// Checks health once and sends `WATCHDOG=1` if healthy; returns whether it was sent.
    @discardableResult
    public func tick() async -> Bool {
        guard await isHealthy() else {
            logger.warning("health check failed; withholding watchdog keep-alive")
            return false
        }
        do {
            try notifier.notify(.watchdog)
            return true
        } catch {
            logger.warning("sd_notify WATCHDOG=1 failed", ["error": .describing(error)])
            return false
        }
    }

    /// Starts ticking every `interval` on a background task.
    public func start() async throws {
        let task = Task { [self] in
            while !Task.isCancelled {
                await tick()
                try? await Task.sleep(for: interval)
            }
        }
        ticker.withLock { previous in
            precondition(previous == nil, "watchdog started twice")
            previous = task
        }
    }

    /// Stops ticking; systemd stops expecting keep-alives after `STOPPING=1`.
    public func stop() async throws {
        guard let task = ticker.withLock({ $0.take() }) else { return }
        task.cancel()
        await task.value
    }
}
