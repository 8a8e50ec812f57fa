import Crypto
public import Delivery
import Foundation
public import Runtime

/// Builds the email and SMS transports that `[email]`, `[smtp]`, `[sms]` and
/// `[outbox]` describe, for the daemon and for `booknowctl send-test`.
public enum TransportSetup {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func email(_ config: Config) throws -> any Transport {
        switch config.word("email.transport") {
        case "smtp":
            let settings = SMTPSettings(
                url: config.url("smtp.url").absoluteString,
                requireTLS: config.bool("smtp.require_tls"),
                caFile: config.optionalText("smtp.ca_file"),
                username: config.optionalText("smtp.username"),
                password: config.secret("smtp.password_file")?.reveal(),
                envelopeSender: try? EmailAddress(config.string("email.from_address")),
                senderThreads: config.int("smtp.threads"),
                connectTimeout: config.duration("smtp.connect_timeout"),
                transferTimeout: config.duration("smtp.transfer_timeout"))
            return try SMTPTransport(settings: settings)
        default:
            return try outbox(config)
        }
    }

    public static func sms(_ config: Config) throws -> any Transport {
        switch config.word("sms.transport") {
        case "twilio":
            guard let sid = config.optionalText("sms.account_sid"), let token = config.secret("sms.auth_token_file") else {
                throw Failure(description: "sms.transport = twilio needs sms.account_sid and sms.auth_token_file")
            }
            let from = try config.optionalText("sms.from").map { try PhoneNumber($0, field: "sms.from") }
            let settings = SMSSettings(
                baseURL: config.url("sms.base_url").absoluteString, accountSID: sid, authToken: token.reveal(), from: from,
                maxConnections: config.int("sms.max_connections"), timeout: config.duration("sms.timeout"))
            return try TwilioSMSTransport(settings: settings)
        case "webhook":
            guard let url = config.optionalText("sms.webhook_url"), let key = config.secret("sms.webhook_signing_key_file") else {
                throw Failure(description: "sms.transport = webhook needs sms.webhook_url and sms.webhook_signing_key_file")
            }
            let settings = WebhookSMSSettings(
                url: url, signingKey: Array(key.reveal().utf8), maxConnections: config.int("sms.max_connections"),
                timeout: config.duration("sms.timeout"))
            return try WebhookSMSTransport(settings: settings, sign: { key, message in HMAC.sha256(key: key, message: message) })
        default:
            return try outbox(config)
        }
    }

    /// What `booknowd --check-config` runs: the checks `email(_:)` and
    /// `sms(_:)` make, except that an outbox folder is looked at, not created
    /// (the check may run as root before systemd makes the state folder, and
    /// must leave nothing behind).
    public static func check(_ config: Config) throws {
        for channel in ["email", "sms"] {
            switch (channel, config.word("\(channel).transport")) {
            case (_, "outbox"): try checkOutboxFolder(config.path("outbox.directory"))
            case ("email", _): _ = try email(config)
            default: _ = try sms(config)
            }
        }
    }

    /// The folder, or the nearest part of its path that exists, must be a folder.
    private static func checkOutboxFolder(_ path: String) throws {
        var url = URL(fileURLWithPath: path, isDirectory: true)
        while url.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    throw Failure(description: "outbox.directory \(path): \(url.path) is not a folder")
                }
                return
            }
            url.deleteLastPathComponent()
        }
    }

    private static func outbox(_ config: Config) throws -> any Transport {
        try OutboxTransport(settings: OutboxSettings(directory: config.path("outbox.directory")))
    }
}
