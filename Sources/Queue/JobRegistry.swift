public import Postgres
import Synchronization

/// A job kind's handler: runs on a dedicated worker thread and may block
/// (libpq, libcurl). A thrown error is a transient failure (`retry`).
public typealias JobHandler = @Sendable (Job) throws -> Outcome

/// A handler whose work ends after it returns: it starts the work on a
/// handler thread (reads, rendering) and hands the rest to something with
/// threads of its own (a transport), which calls `finish` with the outcome.
/// The job stays in flight, and holds its queue's capacity, until then; the
/// handler thread is free at once. A thrown error before `finish` was called
/// is a transient failure (`retry`).
public typealias FinishingJobHandler = @Sendable (Job, JobFinish) throws -> Void

/// The one call that ends a finishing handler's job. Later calls are ignored
/// (and counted as a programmer error in debug builds).
public final class JobFinish: Sendable {
    private let body: @Sendable (Outcome) -> Void
    private let called = Mutex(false)

    init(_ body: @escaping @Sendable (Outcome) -> Void) { self.body = body }

    /// Whether `finish` has been called.
    var isFinished: Bool { called.withLock { $0 } }

    public func callAsFunction(_ outcome: Outcome) {
        let first = called.withLock { called in
            defer { called = true }
            return !called
        }
        assert(first, "a job was finished twice")
        if first { body(outcome) }
    }
}

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
        public var handler: Handler
        public var replayCheck: ReplayCheck?
    }

    /// How a kind's work runs: to the end on the handler thread, or finished later by whatever it handed the work to.
    public enum Handler: Sendable {
        case blocking(JobHandler)
        case finishing(FinishingJobHandler)
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
        add(Kind(name: kind, retry: retry, handler: .blocking(handler), replayCheck: replayCheck))
    }

    /// Registers a finishing handler for `kind` (`FinishingJobHandler`).
    public mutating func register(
        _ kind: String, retry: RetryPolicy = .default, replayCheck: ReplayCheck? = nil, finishing handler: @escaping FinishingJobHandler
    ) {
        add(Kind(name: kind, retry: retry, handler: .finishing(handler), replayCheck: replayCheck))
    }

    private mutating func add(_ kind: Kind) {
        precondition(kinds[kind.name] == nil, "job kind '\(kind.name)' registered twice")
        kinds[kind.name] = kind
        if let check = kind.replayCheck { replayChecks[kind.name] = check }
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
