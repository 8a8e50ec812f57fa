import Application
import Crypto
import Delivery
import Foundation
import Runtime
import Vocabulary

/// `booknowctl send-test --email ADDRESS | --sms NUMBER`: one message through
/// the configured transport, printing the provider's answer, so an operator can
/// check SMTP or SMS settings before real customers depend on them.
enum SendTestCommand {
    /// What happened, for `--json` and the text: which transport, to whom, and the provider's answer.
    struct Answer: Encodable {
        var transport: String
        /// Where the transport sends: the outbox folder, the SMTP server, the SMS provider's URL.
        var destination: String
        var channel: String
        var recipient: String
        var outcome: String
        var replyCode: Int
        var reply: String
        var messageID: String?

        var text: String {
            """
            transport:  \(transport) (\(destination))
            recipient:  \(recipient)
            outcome:    \(outcome)
            reply:      \(reply.isEmpty ? "(no reply)" : reply)
            """ + (messageID.map { "\nmessage id: \($0)" } ?? "")
        }
    }

    static let command = Command(
        name: "send-test",
        summary: "send one test message through the configured email or SMS transport",
        usage: """
            usage: booknowctl send-test --email ADDRESS
                   booknowctl send-test --sms NUMBER      (E.164, e.g. +14155550100)

            Sends one short message through [email]/[smtp] or [sms] as configured and
            prints the transport, the recipient and the provider's answer. Exits 0 when
            the provider accepted it, 64 for a bad ADDRESS or NUMBER, 65 when the provider
            refused the recipient or message, 69 when the provider cannot be reached, and
            78 when the transport's settings are wrong (missing keys, credentials, TLS).
            """
    ) { args, context in
        let email = try args.option("--email")
        let sms = try args.option("--sms")
        try args.finish()
        guard (email == nil) != (sms == nil) else { throw CLIError(.usage, "give exactly one of --email or --sms") }
        let config = try context.config()
        let token = try SecureRandom.token(byteCount: 16, encoding: .hex)
        // The recipient is the operator's input (64); everything else is configuration (78).
        let recipient: String
        do {
            recipient = try email.map { try EmailAddress($0, field: "--email").address } ?? PhoneNumber(sms ?? "", field: "--sms").e164
        } catch let error as DeliveryError {
            throw CLIError(.usage, error.description)
        }
        let message: OutgoingMessage
        let transport: any Transport
        do {
            if email != nil {
                let messageID = try MessageID(jobID: "send-test-\(token)", domain: config.string("email.message_id_domain"))
                message = .email(EmailMessage(
                    from: try EmailAddress(config.string("email.from_address"), name: "BookNow", field: "email.from_address"),
                    to: try EmailAddress(recipient, field: "--email"), subject: "BookNow test message",
                    text: "This is a test message from booknowctl send-test (\(token)).\nNo action is needed.",
                    messageID: messageID, date: Date()))
                transport = try Application.transport(.email, config: config)
            } else {
                message = .sms(SMSMessage(
                    to: try PhoneNumber(recipient, field: "--sms"), body: "BookNow test message (\(token))",
                    validity: .seconds(3600), idempotencyKey: "send-test-\(token)"))
                transport = try Application.transport(.sms, config: config)
            }
        } catch let error as DeliveryError {
            throw CLIError(.config, error.description)
        }
        let result = transport.deliver(message)
        transport.shutdown()
        let answer = Answer(transport: transport.name, destination: destination(config, transport: transport.name), channel: email != nil ? "email" : "sms", recipient: recipient,
                            outcome: "\(result.outcome)", replyCode: result.replyCode, reply: result.replyLine, messageID: result.messageID)
        try context.output(answer) { answer.text }
        switch result.outcome {
        case .delivered: return
        case .permanentRecipient, .permanentMessage: throw CLIError(.dataError, "the provider refused the message")
        case .channelFault: throw CLIError(.config, "the \(answer.channel) transport's settings do not work (credentials, TLS or folder): nothing was sent")
        case .transient, .snooze: throw CLIError(.unavailable, "the provider did not take the message; try again later")
        }
    }

    /// Where `transport` (by name) delivers, from the settings that configured it; never a credential.
    static func destination(_ config: Config, transport: String) -> String {
        switch transport {
        case "smtp": config.url("smtp.url").absoluteString
        case "sms-http": config.url("sms.base_url").absoluteString
        case "sms-webhook": config.optionalText("sms.webhook_url") ?? "-"
        default: config.path("outbox.directory")
        }
    }
}
