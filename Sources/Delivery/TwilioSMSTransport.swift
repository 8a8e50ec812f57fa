import Curl
public import Foundation

/// The `sms-http` transport: Twilio's Messages API (form POST, basic auth).
///
/// Many requests run at once on one `HTTPClient` (a curl multi handle with
/// keep-alive and a per-host connection cap). `ValidityPeriod` makes a late
/// reminder expire at the provider; the job id goes out as `Idempotency-Key`
/// for providers that honour one. The returned `sid` is kept in the result.
public final class TwilioSMSTransport: Transport {
    public let name = "sms-http"
    private let settings: SMSSettings
    private let client: HTTPClient
    private let now: @Sendable () -> Date
    /// The account's Messages resource, the same for every message.
    private let messagesURL: String

    public init(settings: SMSSettings, now: @escaping @Sendable () -> Date = { Date() }) throws(DeliveryError) {
        guard settings.from != nil || settings.messagingServiceSID != nil else {
            throw DeliveryError(code: "delivery.configuration", message: "set a from number or a messaging service",
                                field: "sms.from")
        }
        guard settings.accountSID.utf8.allSatisfy(EmailAddress.isAlphanumeric), !settings.accountSID.isEmpty else {
            throw DeliveryError(code: "delivery.configuration", message: "account SID must be alphanumeric",
                                field: "sms.accountSID")
        }
        self.settings = settings
        self.now = now
        messagesURL = "\(settings.baseURL)/Accounts/\(settings.accountSID)/Messages.json"
        client = try SMSReply.makeClient(maxConnections: settings.maxConnections)
    }

    public func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        guard case .sms(let sms) = message else { return completion(wrongChannel(message)) }
        var fields: [(String, String)] = []
        fields.reserveCapacity(4)
        fields.append(("To", sms.to.e164))
        fields.append(("Body", sms.body))
        if let service = settings.messagingServiceSID {
            fields.append(("MessagingServiceSid", service))
        } else if let from = settings.from {
            fields.append(("From", from.e164))
        }
        if let validity = sms.validity {
            // Twilio accepts 1…36000 seconds.
            fields.append(("ValidityPeriod", String(min(36_000, max(1, Int(validity.components.seconds))))))
        }
        let request = HTTPRequest(
            url: messagesURL,
            // No Accept header: the `.json` resource answers JSON whatever it says, and libcurl's handling
            // of each extra header line costs about 3,000 instructions a message.
            headers: [("Content-Type", "application/x-www-form-urlencoded"),
                      ("Idempotency-Key", HeaderEncoding.sanitized(sms.idempotencyKey))],
            body: SMSReply.formEncoded(fields), basicAuth: (settings.accountSID, settings.authToken),
            connectTimeout: settings.connectTimeout, timeout: settings.timeout)
        let now = self.now
        client.send(request) { answer in completion(SMSReply.result(answer, now: now())) }
    }

    public func shutdown() { client.shutdown() }
}
