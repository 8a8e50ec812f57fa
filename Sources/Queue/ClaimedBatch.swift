import Synchronization

/// The jobs one claim returned, shared by their handlers.
///
/// What a kind can read for many jobs in one statement (the facts of a
/// claim's messages) is read once, by the first of the batch's handlers to
/// ask, and kept here for the others; it goes when the batch's last job lets
/// go of it. The worker attaches a batch to every job of a claim of more than
/// one (`Job.batch`).
public final class ClaimedBatch: Sendable {
    /// The claim's jobs (their own `batch` is nil).
    public let jobs: [Job]
    private let kept = Mutex<[String: any Sendable]>([:])

    init(_ jobs: [Job]) { self.jobs = jobs }

    /// The value kept under `key`, read by `read` from the jobs on the first
    /// call. Later callers with the same key wait for that first read and get
    /// its value; `read` handles its own failures (a failed read can keep
    /// "nothing", so each job reads for itself).
    public func shared<Value: Sendable>(_ key: String, _ read: ([Job]) -> Value) -> Value {
        kept.withLock { kept in
            if let value = kept[key] as? Value { return value }
            let value = read(jobs)
            kept[key] = value
            return value
        }
    }
}
