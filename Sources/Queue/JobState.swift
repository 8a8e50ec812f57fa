/// A job's place in the queue's state machine; the raw values
/// are the strings the `jobs.state` CHECK constraint allows.
public enum JobState: String, Sendable, CaseIterable, Codable {
    case scheduled
    case running
    case retryable
    case succeeded
    case dead
    case cancelled

    /// States the claim query takes jobs from (the partial index's predicate).
    public static let claimable: [JobState] = [.scheduled, .retryable]
    /// States that end a job; rows in them are pruned after a retention.
    public static let finished: [JobState] = [.succeeded, .dead, .cancelled]
}
