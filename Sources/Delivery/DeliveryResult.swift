/// How one delivery attempt ended, in the classes the queue acts on.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The provider accepted the message.
    case delivered
    /// Try again later with backoff (4xx SMTP, HTTP 5xx, network errors, timeouts).
    case transient
    /// Try again after this delay without using an attempt (HTTP 429 with `Retry-After`).
    case snooze(Duration)
    /// Never send to this recipient on this channel again (and suppress it).
    case permanentRecipient
    /// This message can never be sent; other messages may.
    case permanentMessage
    /// The channel itself is broken (credentials, TLS): the circuit breaker opens.
    case channelFault

    /// True for the outcomes that say the channel works (the provider answered on the message's merits).
    public var channelWorks: Bool {
        switch self {
        case .delivered, .permanentRecipient, .permanentMessage, .snooze: true
        case .transient, .channelFault: false
        }
    }
}

/// An attempt's outcome plus what the provider said, for the queue's attempt history.
///
/// `replyText` is the provider's own reply line or error text; it never holds
/// credentials or the message body.
public struct DeliveryResult: Sendable, Equatable {
    public var outcome: DeliveryOutcome
    /// SMTP reply code or HTTP status; 0 when no reply arrived.
    public var replyCode: Int
    public var replyText: String
    /// The provider's message id (SMS sid) or our Message-ID for email.
    public var messageID: String?
    /// A provider-specific error code (Twilio's 21211, …), or libcurl's code for a network failure.
    public var detailCode: Int?

    public init(outcome: DeliveryOutcome, replyCode: Int = 0, replyText: String = "",
                messageID: String? = nil, detailCode: Int? = nil) {
        self.outcome = outcome
        self.replyCode = replyCode
        self.replyText = replyText
        self.messageID = messageID
        self.detailCode = detailCode
    }
}

extension DeliveryResult {
    /// The provider's answer as one line, its code once: SMTP reply text already
    /// starts with the code (`550 5.1.1 No such user`), an HTTP provider's body does not.
    public var replyLine: String {
        let code = String(replyCode)
        if replyCode == 0 || replyText == code || replyText.hasPrefix(code + " ") { return replyText }
        return replyText.isEmpty ? code : "\(code) \(replyText)"
    }
}
