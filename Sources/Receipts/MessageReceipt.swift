import Delivery
public import Foundation
public import Vocabulary

/// One provider report about one message, as `message_receipts` stores it.
///
/// `detail` holds the provider's own fields for an operator to read; the
/// message body is never among them (the routes drop it before recording).
public struct MessageReceipt: Sendable, Hashable {
    /// `twilio` or `email`: whose message ids `providerMessageID` is one of.
    public var provider: String
    /// The id the provider gave the message when we sent it (Twilio's SID, the
    /// email's Message-ID); `job_attempts.provider_message_id` holds the same.
    public var providerMessageID: String
    public var channel: Channel
    public var status: ReceiptStatus
    public var errorCode: String?
    public var detail: [String: String]
    /// Set by the database (`booknow_now()`) when read back; ignored when recording.
    public var receivedAt: Date?

    public init(provider: String, providerMessageID: String, channel: Channel, status: ReceiptStatus,
                errorCode: String? = nil, detail: [String: String] = [:], receivedAt: Date? = nil) {
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.channel = channel
        self.status = status
        self.errorCode = errorCode
        self.detail = detail
        self.receivedAt = receivedAt
    }
}
