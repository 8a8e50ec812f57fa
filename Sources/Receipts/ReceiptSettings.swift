import Foundation
public import Runtime

/// What the receipt routes need from the configuration.
///
/// A route whose secret is missing answers 404: accepting unsigned callbacks
/// would let anyone suppress a customer's number or forge a delivery.
public struct ReceiptSettings: Sendable {
    /// `http.public_base_url` without a trailing slash: the URL Twilio signs is this plus the path.
    public var publicBaseURL: String
    /// Twilio's auth token (`sms.auth_token_file`), the key of its request signatures.
    public var twilioAuthToken: Secret?
    /// The email provider's webhook key (`receipts.email_webhook_key_file`).
    public var emailWebhookKey: Secret?
    /// How far a signed email event's timestamp may be from now: older ones are replays.
    public var timestampTolerance: Duration

    public init(publicBaseURL: String, twilioAuthToken: Secret?, emailWebhookKey: Secret?,
                timestampTolerance: Duration = .seconds(300)) {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
        self.twilioAuthToken = twilioAuthToken
        self.emailWebhookKey = emailWebhookKey
        self.timestampTolerance = timestampTolerance
    }

    /// The settings of `config`: `http.public_base_url`, `sms.auth_token_file`, `receipts.email_webhook_key_file`.
    public init(config: Config) {
        self.init(publicBaseURL: config.publicBaseURL.absoluteString,
                  twilioAuthToken: config.secret("sms.auth_token_file"),
                  emailWebhookKey: config.secret("receipts.email_webhook_key_file"))
    }
}
