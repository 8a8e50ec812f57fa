public import Postgres

/// A job kind's handler: runs on a dedicated worker thread and may block
/// (libpq, libcurl). A thrown error is a transient failure (`retry`).
public typealias JobHandler = @Sendable (Job) throws -> Outcome

/// Asked before an operator replays a dead job of a kind: returns why replay
/// is refused (the booking was cancelled), or nil to allow it. Runs in the
/// replay's transaction.
public typealias ReplayCheck = @Sendable (DeadJob, Connection) throws -> String?

/// The job kinds a process knows: handlers, retry policies, replay checks and
/// periodic schedules.
///
/// The worker runs what is registered; the operator tool builds the same
/// registry to ask the replay checks, without starting a worker.
public struct JobRegistry: Sendable {
    /// One registered kind.
    public struct Kind: Sendable {
        public var name: String
        public var retry: RetryPolicy
        public var handler: JobHandler
        public var replayCheck: ReplayCheck?
    }

    /// A kind enqueued once per `interval` by whichever worker gets there first.
    public struct Periodic: Sendable {
        public var kind: String
        public var queue: String
        public var interval: Duration
        public var payload: String
    }

    public private(set) var kinds: [String: Kind] = [:]
    public private(set) var periodic: [Periodic] = []
    /// Replay checks by kind: those of registered kinds, and those added alone
    /// (the operator tool, which runs no handler, only asks the checks).
    public private(set) var replayChecks: [String: ReplayCheck] = [:]

    public init() {}

    /// Registers the handler for `kind`; registering a kind twice is a programmer error.
    public mutating func register(
        _ kind: String, retry: RetryPolicy = .default, replayCheck: ReplayCheck? = nil, handler: @escaping JobHandler
    ) {
        precondition(kinds[kind] == nil, "job kind '\(kind)' registered twice")
        kinds[kind] = Kind(name: kind, retry: retry, handler: handler, replayCheck: replayCheck)
        if let replayCheck { replayChecks[kind] = replayCheck }
    }

    /// Adds the replay check of `kind` without a handler, for a process that
    /// replays dead jobs but does not run them.
    public mutating func addReplayCheck(_ kind: String, _ check: @escaping ReplayCheck) {
        replayChecks[kind] = check
    }

    /// Enqueues `kind` every `interval` (aligned to the epoch, by `booknow_now()`),
    /// unique per period through a dedupe key, so several daemons run it once.
    ///
    /// The finished-job retention must be longer than the interval, or a pruned
    /// period's key would be free again within the period.
    public mutating func schedule(_ kind: String, queue: String = "default", every interval: Duration, payload: String = "{}") {
        precondition(interval >= .seconds(1), "periodic jobs run at most once a second")
        periodic.append(Periodic(kind: kind, queue: queue, interval: interval, payload: payload))
    }

    /// The retry policy of `kind`, or the default for kinds this process does not know.
    func retryPolicy(_ kind: String) -> RetryPolicy { kinds[kind]?.retry ?? .default }
}
