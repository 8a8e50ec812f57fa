/// The jobs one claim returned, shared by their handlers.
///
/// What a kind can read for many jobs in one statement (the facts of a
/// claim's messages) is read once, by the first of the batch's handlers to
/// ask, and kept here for the others; it goes when the batch's last job lets
/// go of it. The worker attaches a batch to every job of a claim of more than
/// one (`Job.batch`).
///
/// The others wait for that read on a condition variable rather than on a
/// lock held across a database round trip: a waiter on `Mutex` spins before
/// it sleeps, and a claim's handlers all ask at once.
public final class ClaimedBatch: Sendable {
    /// The claim's jobs (their own `batch` is nil).
    public let jobs: [Job]
    private let kept = Monitor<[String: Kept]>([:])

    private enum Kept {
        case reading
        case read(any Sendable)
    }

    /// How long a handler waits for another's read before reading for itself.
    static let readWait: Duration = .seconds(60)

    init(_ jobs: [Job]) { self.jobs = jobs }

    /// The value kept under `key`, read by `read` from the jobs on the first
    /// call. Later callers with the same key wait for that first read and get
    /// its value; `read` handles its own failures (a failed read can keep
    /// "nothing", so each job reads for itself).
    public func shared<Value: Sendable>(_ key: String, _ read: ([Job]) -> Value) -> Value {
        var found: Value?
        var reads = false
        kept.wait(timeout: Self.readWait) { kept in
            switch kept[key] {
            case .reading?:
                return false
            case .read(let value)?:
                found = value as? Value
                if found == nil { reads = true }
                return true
            case nil:
                kept[key] = .reading
                reads = true
                return true
            }
        }
        if let found { return found }
        let value = read(jobs)
        // Only the first caller's read is kept; one that gave up waiting (a read
        // stuck for `readWait`) returns its own.
        if reads { kept.update { $0[key] = .read(value) } }
        return value
    }
}
