/// One event of the email provider's webhook:
/// `{"type": "bounce"|"complaint"|"delivered", "recipient": …, "message_id": …, "detail": …}`.
///
/// `bounce` means a permanent (hard) bounce: providers retry soft bounces
/// themselves and report only the final outcome.
struct EmailEvent: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable {
        case bounce, complaint, delivered

        var status: ReceiptStatus {
            switch self {
            case .bounce: .bounced
            case .complaint: .complained
            case .delivered: .delivered
            }
        }

        /// The suppression the event implies, if any.
        var suppression: SuppressionReason? {
            switch self {
            case .bounce: .hardBounce
            case .complaint: .complaint
            case .delivered: nil
            }
        }
    }

    let type: Kind
    let recipient: String
    /// The Message-ID we sent the email with (`job_attempts.provider_message_id`).
    let messageID: String
    /// The provider's explanation (an SMTP reply, a feedback type); never a message body.
    let detail: String?

    enum CodingKeys: String, CodingKey {
        case type, recipient, detail
        case messageID = "message_id"
    }
}

/// The webhook's body: `{"events": [...]}`.
struct EmailEventBatch: Decodable, Sendable {
    let events: [EmailEvent]
}
