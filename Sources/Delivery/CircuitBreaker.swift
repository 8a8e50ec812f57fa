public import Foundation
import Synchronization
public import Vocabulary

/// Stops sending on a channel whose provider is failing, and starts again when it recovers.
///
/// States: `closed` (normal), `open` (the channel's queue is paused; nothing is
/// sent), `probing` (one probe message is out). A channel fault opens it at
/// once; so does a run of `failureThreshold` transient failures in a row. While
/// open, `permitsAttempt()` lets exactly one probe through every `probeInterval`;
/// the probe's success closes the breaker and resumes the queue, its failure
/// re-opens it. The clock, the queue control and the log are injected, so tests
/// drive every transition without waiting. Results that arrive for messages
/// sent before it opened are ignored while open.
public final class CircuitBreaker: Sendable {
    public enum State: Sendable, Equatable {
        case closed
        case open(since: Date)
        case probing
    }

    public let channel: Channel
    private let failureThreshold: Int
    private let probeInterval: Duration
    private let control: any ChannelControl
    private let now: @Sendable () -> Date
    private let log: @Sendable (String) -> Void
    private let machine = Mutex(Machine())

    private struct Machine {
        var state = State.closed
        var consecutiveFailures = 0
        var nextProbe = Date.distantPast
    }

    private enum Action {
        case pause(String)
        case reopen
        case resume
        case none
    }

    public init(channel: Channel, failureThreshold: Int = 5, probeInterval: Duration = .seconds(30),
                control: any ChannelControl, now: @escaping @Sendable () -> Date = { Date() },
                log: @escaping @Sendable (String) -> Void) {
        precondition(failureThreshold > 0, "failureThreshold must be positive")
        self.channel = channel
        self.failureThreshold = failureThreshold
        self.probeInterval = probeInterval
        self.control = control
        self.now = now
        self.log = log
    }

    /// The state, for metrics and `booknowctl`.
    public var state: State { machine.withLock { $0.state } }

    /// True while open and the next probe is due: the channel's paused queue
    /// should let one message through (the first `permitsAttempt()` takes it).
    public var probeIsDue: Bool {
        let time = now()
        return machine.withLock { machine in
            if case .open = machine.state { return time >= machine.nextProbe }
            return false
        }
    }

    /// Whether a message may be sent now: always when closed; when open, once per
    /// probe interval (that call moves the breaker to `probing`); never while a probe is out.
    public func permitsAttempt() -> Bool {
        let time = now()
        return machine.withLock { machine in
            switch machine.state {
            case .closed: return true
            case .probing: return false
            case .open:
                guard time >= machine.nextProbe else { return false }
                machine.state = .probing
                return true
            }
        }
    }

    /// Feeds one attempt's outcome; pauses or resumes the channel's queue on a transition.
    public func record(_ outcome: DeliveryOutcome) {
        let time = now()
        let interval = TimeInterval(probeInterval.components.seconds)
            + TimeInterval(probeInterval.components.attoseconds) / 1e18
        let action: Action = machine.withLock { machine in
            switch (machine.state, outcome.channelWorks) {
            case (.closed, true):
                machine.consecutiveFailures = 0
                return .none
            case (.closed, false):
                machine.consecutiveFailures += 1
                guard outcome == .channelFault || machine.consecutiveFailures >= failureThreshold else { return .none }
                machine.state = .open(since: time)
                machine.nextProbe = time.addingTimeInterval(interval)
                return .pause(outcome == .channelFault ? "channel fault"
                              : "\(machine.consecutiveFailures) transient failures in a row")
            case (.probing, true):
                machine.state = .closed
                machine.consecutiveFailures = 0
                return .resume
            case (.probing, false):
                machine.state = .open(since: time)
                machine.nextProbe = time.addingTimeInterval(interval)
                return .reopen
            case (.open, _):
                return .none
            }
        }
        switch action {
        case .pause(let reason):
            log("circuit opened channel=\(channel.rawValue) reason=\"\(reason)\" probe_interval=\(probeInterval)")
            control.pause(channel)
        case .reopen:
            // The probe ran because the channel's queue was resumed for it;
            // pause it again so messages wait for the next probe, not churn.
            log("circuit probe failed channel=\(channel.rawValue) outcome=\(outcome)")
            control.pause(channel)
        case .resume:
            log("circuit closed channel=\(channel.rawValue)")
            control.resume(channel)
        case .none:
            break
        }
    }
}
