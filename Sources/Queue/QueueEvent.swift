public import Foundation

/// Something a worker did that operators should see. The worker hands these
/// to `WorkerConfiguration.events`; the daemon turns them into log lines, so
/// this module needs no logger (as `QueueMetrics` needs no exporter).
///
/// No event carries a payload or a provider's reply text: either may hold a
/// customer's address.
public enum QueueEvent: Sendable {
    /// A part of the worker failed. `suppressed` failures of that part since
    /// the previous report went unreported (`FailureReporter` limits the rate).
    case failure(QueuePart, String, suppressed: Int)
    /// A part works again after `failures` failures in a row.
    case recovered(QueuePart, failures: Int)
    /// The heartbeat could not be written for half the timeout: the worker
    /// claims nothing and starts no handler until it can again.
    case fenced(lastHeartbeat: Date?)
    /// The heartbeat is written again; claiming resumes.
    case unfenced
    /// The rescuer returned running jobs: `lost` of them because their
    /// worker's heartbeat stopped, the rest because their lease expired.
    case rescued(total: Int, lost: Int)
    /// An outcome was written (the completion guard let it through).
    case finished(FinishedJob)
}

/// The worker's parts that fail independently and are reported by name.
public enum QueuePart: String, Sendable, CaseIterable {
    case claim
    case completion
    case listener
    case maintenance
    case heartbeat
}

/// One written outcome, as the per-message log line needs it.
public struct FinishedJob: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var queue: String
    public var businessID: UUID?
    public var attempt: Int
    /// What was recorded: `succeeded`, `retry`, `snooze`, `cancel`, `dead`, or
    /// `expired` (a retry or snooze that would have landed past the deadline).
    public var outcome: String
    /// The row's state after the write.
    public var state: JobState
    /// The failure's stable code (`smtp_451`, `sms_21211`), empty on success.
    public var errorCode: String
    /// The provider's reply code alone (`250`, `201`), never its text.
    public var replyCode: String
    /// For a retry or snooze: seconds until it runs again.
    public var delaySeconds: Double
}
