import Vocabulary

/// Sends messages on one channel. Every transport answers with a classified result
/// and never throws: a failure is a value the queue records and acts on.
///
/// Implementations: `SMTPTransport` (email), `TwilioSMSTransport` and
/// `WebhookSMSTransport` (SMS), `OutboxTransport` (both, into files; the default).
public protocol Transport: Sendable {
    /// A short name for logs and metrics: `smtp`, `sms-http`, `sms-webhook`, `outbox`.
    var name: String { get }
    func deliver(_ message: OutgoingMessage) async -> DeliveryResult
    /// Stops background threads and closes connections; later deliveries fail as transient.
    func shutdown() async
}

extension Transport {
    /// The answer to a message on a channel this transport does not carry: a configuration mistake.
    func wrongChannel(_ message: OutgoingMessage) -> DeliveryResult {
        DeliveryResult(outcome: .permanentMessage,
                       replyText: "transport \(name) does not carry \(message.channel.rawValue) messages")
    }
}
