import Dispatch
import Synchronization
import Vocabulary

/// Sends messages on one channel. Every transport answers with a classified result
/// and never throws: a failure is a value the queue records and acts on.
///
/// `send` hands the message over and returns at once; the transport's own
/// threads do the work (one per SMTP connection, one for every SMS in flight)
/// and call the completion, so a caller needs no thread of its own per message
/// in flight. `deliver` is the blocking form, for callers that may block.
///
/// Implementations: `SMTPTransport` (email), `TwilioSMSTransport` and
/// `WebhookSMSTransport` (SMS), `OutboxTransport` (both, into files; the default).
public protocol Transport: Sendable {
    /// A short name for logs and metrics: `smtp`, `sms-http`, `sms-webhook`, `outbox`.
    var name: String { get }
    /// Sends `message`; `completion` runs exactly once with the result, on the
    /// transport's thread (or the caller's, for an answer known at once).
    func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void)
    /// Finishes what was handed over, stops background threads and closes
    /// connections; blocks until they have. Later sends fail as transient.
    func shutdown()
}

extension Transport {
    /// Sends `message` and blocks the calling thread until the result is in.
    public func deliver(_ message: OutgoingMessage) -> DeliveryResult {
        let done = DispatchSemaphore(value: 0)
        let answer = Mutex<DeliveryResult?>(nil)
        send(message) { result in
            answer.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = answer.withLock({ $0 }) else { preconditionFailure("a transport finished without a result") }
        return result
    }

    /// The answer to a message on a channel this transport does not carry: a configuration mistake.
    func wrongChannel(_ message: OutgoingMessage) -> DeliveryResult {
        DeliveryResult(outcome: .permanentMessage,
                       replyText: "transport \(name) does not carry \(message.channel.rawValue) messages")
    }
}
