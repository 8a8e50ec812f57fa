import Crypto
import Delivery
import Foundation
import HTTPServer
import Runtime
import Vocabulary

extension ReceiptRoutes {
    static let timestampHeader = "X-BookNow-Timestamp"
    static let signatureHeader = "X-BookNow-Signature"

    /// `POST /v1/providers/email/events`: a signed batch of email events.
    ///
    /// The signature scheme is the one our own SMS webhook transport sends
    /// (`WebhookSMSTransport.signature`: HMAC-SHA256 over `timestamp.body`,
    /// `v1=<hex>`), so one verifier serves both directions. The timestamp
    /// must be within the tolerance of now, so a captured request cannot be
    /// replayed later. The batch is recorded in one transaction: all or none;
    /// the answer is 200 with `{"recorded": <events>}`.
    static func emailEvents(_ request: Request, _ context: Context) throws -> Response {
        guard let key = key(context.settings.emailWebhookKey) else {
            throw notConfigured("email webhook key (receipts.email_webhook_key_file)")
        }
        guard let stamp = request.headers[timestampHeader], let timestamp = Int(stamp), String(timestamp) == stamp,
              let presented = request.headers[signatureHeader] else {
            throw invalidSignature("\(timestampHeader) or \(signatureHeader)")
        }
        let expected = WebhookSMSTransport.signature(timestamp: timestamp, body: request.body, key: Array(key.utf8)) { key, message in
            HMAC.sha256(key: key, message: message)
        }
        guard ConstantTime.equals(Array(presented.utf8), Array(expected.utf8)) else {
            context.logger.warning("provider signature refused", ["route": LogValue(emailEventsPath)])
            throw invalidSignature(signatureHeader)
        }
        let age = context.now().timeIntervalSince1970 - Double(timestamp)
        guard abs(age) <= Double(context.settings.timestampTolerance.components.seconds) else {
            context.logger.warning("stale provider timestamp refused", ["route": LogValue(emailEventsPath), "age_seconds": LogValue(String(Int(age)))])
            throw Problem(status: 403, code: "stale_timestamp", title: "Forbidden",
                          detail: "\(timestampHeader) is more than \(context.settings.timestampTolerance.components.seconds) seconds from now; sign the request again.")
        }
        let batch = try request.decodeJSON(EmailEventBatch.self)
        let checked = try batch.events.enumerated().map { index, event throws(Problem) in
            guard let recipient = try? Recipient.normalise(event.recipient, channel: .email) else {
                throw invalidBody("events.\(index).recipient is not an email address.")
            }
            guard !event.messageID.isEmpty, event.messageID.utf8.count <= 998 else {
                throw invalidBody("events.\(index).message_id is required.")
            }
            return (event, recipient)
        }
        let added = try write(context, route: emailEventsPath) { connection in
            var added: [SuppressionReason] = []
            for (event, recipient) in checked {
                try ReceiptStore.record(receiptFor(event), on: connection)
                if let reason = event.type.suppression,
                   try PostgresSuppressionList.suppress(channel: .email, recipient: recipient, reason: reason, business: nil, on: connection) {
                    added.append(reason)
                }
            }
            return added
        }
        for (event, _) in checked { context.metrics.receiptRecorded(channel: .email, status: event.type.status) }
        for reason in added { context.metrics.suppressionAdded(channel: .email, reason: reason) }
        return try .json(["recorded": checked.count])
    }

    private static func receiptFor(_ event: EmailEvent) -> MessageReceipt {
        var detail = ["type": event.type.rawValue]
        if let text = event.detail { detail["detail"] = text }
        return MessageReceipt(provider: "email", providerMessageID: event.messageID, channel: .email,
                              status: event.type.status, detail: detail)
    }
}
