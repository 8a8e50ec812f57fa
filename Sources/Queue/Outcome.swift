/// What a handler says about one attempt: a value, not an exception, so that
/// the worker can record every outcome the same way.
public enum Outcome: Sendable, Equatable {
    /// Done; `details` (the provider's reply and message id) go to `job_attempts`.
    case succeeded(Details)
    /// A transient failure: try again after the kind's backoff, unless the
    /// attempts are used up or the retry would land past the job's deadline.
    case retry(Failure)
    /// Not now, and not the job's fault (HTTP 429 with Retry-After, a paused
    /// channel): run again after this delay without using up an attempt.
    case snooze(Duration)
    /// The job is no longer wanted (the booking was cancelled or moved).
    case cancel(String)
    /// A permanent failure: no retry; an operator may replay it.
    case dead(Failure)

    /// `succeeded` with nothing to record.
    public static var succeeded: Outcome { .succeeded(Details()) }
}

/// What a successful attempt leaves in the history.
public struct Details: Sendable, Equatable {
    public var providerReply: String?
    public var providerMessageID: String?
    /// The provider's reply code alone (`250`, `201`): what the per-message log
    /// shows, since the reply's text may name the recipient.
    public var replyCode: String?

    public init(providerReply: String? = nil, providerMessageID: String? = nil, replyCode: String? = nil) {
        self.providerReply = providerReply
        self.providerMessageID = providerMessageID
        self.replyCode = replyCode
    }
}

/// Why an attempt failed: a stable code (`smtp_550`, `timeout`, `expired`) for
/// programs and dashboards, a message for people, and the provider's reply.
public struct Failure: Sendable, Equatable {
    public var code: String
    public var message: String
    public var providerReply: String?
    /// The provider's reply code alone, as in `Details.replyCode`.
    public var replyCode: String?

    public init(_ code: String, _ message: String, providerReply: String? = nil, replyCode: String? = nil) {
        self.code = code
        self.message = message
        self.providerReply = providerReply
        self.replyCode = replyCode
    }

    /// The reason a retry past the job's deadline, or a job claimed after it, dies with.
    public static let expiredCode = "expired"
    /// The reason given when a claimed job has used up its attempts.
    public static let exhaustedCode = "attempts_exhausted"
}
