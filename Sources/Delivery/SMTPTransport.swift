import Foundation

/// The `smtp` transport: email through a pool of sender threads, one connection each.
///
/// Messages are composed on the caller's thread (pure work) and handed to the
/// pool; a sender thread calls the completion with the server's answer. Addresses were
/// validated when the `EmailMessage` was built, so nothing with CR/LF reaches
/// `MAIL FROM` or `RCPT TO`.
public final class SMTPTransport: Transport {
    public let name = "smtp"
    private let pool: SenderPool
    private let envelopeSender: EmailAddress?

    public init(settings: SMTPSettings) throws(DeliveryError) {
        guard settings.url.hasPrefix("smtp://") || settings.url.hasPrefix("smtps://") else {
            throw DeliveryError(code: "delivery.configuration", message: "SMTP url must start smtp:// or smtps://",
                                field: "smtp.url")
        }
        guard settings.senderThreads > 0 else {
            throw DeliveryError(code: "delivery.configuration", message: "senderThreads must be positive",
                                field: "smtp.senderThreads")
        }
        envelopeSender = settings.envelopeSender
        pool = SenderPool(settings: settings)
    }

    /// A transport dropped without `shutdown()` still ends its threads (without waiting for them).
    deinit { pool.stop(wait: false) }

    public func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        guard case .email(let email) = message else { return completion(wrongChannel(message)) }
        pool.submit(SenderPool.Job(sender: (envelopeSender ?? email.from).address, recipient: email.to.address, bytes: email.rendered(),
                                   messageID: email.messageID.description, completion: completion))
    }

    /// Finishes queued messages, closes every connection and ends the sender threads.
    public func shutdown() { pool.stop() }
}
