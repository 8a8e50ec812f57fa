import Bootstrap
import Crypto
import Delivery
import Foundation
import Runtime

/// `booknowctl send-test --email ADDRESS | --sms NUMBER`: one message through
/// the configured transport, printing the provider's answer, so an operator can
/// check SMTP or SMS settings before real customers depend on them.
enum SendTestCommand {
    struct Answer: Encodable {
        var outcome: String
        var replyCode: Int
        var reply: String
        var messageID: String?
    }

    static let command = Command(
        name: "send-test",
        summary: "send one test message through the configured email or SMS transport",
        usage: """
            usage: booknowctl send-test --email ADDRESS
                   booknowctl send-test --sms NUMBER      (E.164, e.g. +14155550100)

            Sends one short message through [email]/[smtp] or [sms] as configured and
            prints the provider's answer. Exits 0 when the provider accepted it, 69 when
            the channel is down or misconfigured, 65 when the recipient or message was refused.
            """
    ) { args, context in
        let email = try args.option("--email")
        let sms = try args.option("--sms")
        try args.finish()
        guard (email == nil) != (sms == nil) else { throw CLIError(.usage, "give exactly one of --email or --sms") }
        let config = try context.config()
        let token = try SecureRandom.token(byteCount: 16, encoding: .hex)
        let message: OutgoingMessage
        let transport: any Transport
        do {
            if let email {
                let messageID = try MessageID(jobID: "send-test-\(token)", domain: config.string("email.message_id_domain"))
                message = .email(EmailMessage(
                    from: try EmailAddress(config.string("email.from_address"), name: "BookNow", field: "email.from_address"),
                    to: try EmailAddress(email, field: "--email"), subject: "BookNow test message",
                    text: "This is a test message from booknowctl send-test (\(token)).\nNo action is needed.",
                    messageID: messageID, date: Date()))
                transport = try TransportSetup.email(config)
            } else {
                message = .sms(SMSMessage(
                    to: try PhoneNumber(sms ?? "", field: "--sms"), body: "BookNow test message (\(token))",
                    validity: .seconds(3600), idempotencyKey: "send-test-\(token)"))
                transport = try TransportSetup.sms(config)
            }
        } catch let error as DeliveryError {
            throw CLIError(.usage, error.description)
        }
        let result = BlockingThread.wait { await transport.deliver(message) }
        BlockingThread.wait { await transport.shutdown() }
        let answer = Answer(outcome: "\(result.outcome)", replyCode: result.replyCode, reply: result.replyText, messageID: result.messageID)
        try context.output(answer) {
            "\(transport.name): \(answer.outcome) \(answer.replyCode) \(answer.reply)" + (answer.messageID.map { " (id \($0))" } ?? "")
        }
        switch result.outcome {
        case .delivered: return
        case .permanentRecipient, .permanentMessage: throw CLIError(.dataError, "the provider refused the message")
        case .transient, .snooze, .channelFault: throw CLIError(.unavailable, "the channel did not take the message")
        }
    }
}
