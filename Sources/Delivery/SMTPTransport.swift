import Foundation

/// The `smtp` transport: email through a pool of sender threads, one connection each.
///
/// Messages are composed on the caller's task (pure work) and handed to the
/// pool; the caller suspends until a sender thread answers. Addresses were
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

    public func deliver(_ message: OutgoingMessage) async -> DeliveryResult {
        guard case .email(let email) = message else { return wrongChannel(message) }
        let bytes = email.rendered()
        let sender = (envelopeSender ?? email.from).address
        return await withCheckedContinuation { continuation in
            pool.submit(SenderPool.Job(sender: sender, recipient: email.to.address, bytes: bytes,
                                       messageID: email.messageID.description, continuation: continuation))
        }
    }

    /// Finishes queued messages, closes every connection and ends the sender threads.
    /// The blocking wait runs on a thread of its own, not on the cooperative pool.
    public func shutdown() async {
        let pool = self.pool
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                pool.stop()
                continuation.resume()
            }.start()
        }
    }
}
