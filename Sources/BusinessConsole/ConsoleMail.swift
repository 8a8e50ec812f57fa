public import Accounts
import Vocabulary
import Crypto
public import Delivery
public import Foundation
import Runtime
import Templates
public import Web

/// The emails the console sends to the people of a business: a sign-in
/// link (an invitation, or a link someone asked for at the sign-in page),
/// and "send me a test" of a message they edit. Sent straight through the
/// configured email transport (the one the worker and `booknowctl send-test`
/// use), not queued: the person is waiting for it, and a link that arrives
/// after its 15 minutes is worthless, so a failure is told at once instead
/// of retried. Links are written in the business's default language from
/// the console's texts; the token appears in the body and nowhere else.
public struct ConsoleMail: Sendable {
    let transport: any Transport
    let texts: PageTemplates
    let fromAddress: String
    let messageIDDomain: String
    let publicBaseURL: URL

    public init(transport: any Transport, texts: PageTemplates, fromAddress: String, messageIDDomain: String, publicBaseURL: URL) {
        self.transport = transport
        self.texts = texts
        self.fromAddress = fromAddress
        self.messageIDDomain = messageIDDomain
        self.publicBaseURL = publicBaseURL
    }

    /// What happened to one mail: delivered, or why not (never the token).
    public enum Outcome: Sendable, Equatable {
        case delivered
        case refused(String)
    }

    /// Mails the link `token` to `admin`. Blocks the calling thread (a server
    /// thread or the CLI's) until the transport answers.
    public func send(token: String, to admin: BusinessAdmins.Admin, invitation: Bool) -> Outcome {
        let language = PageLanguage.choose(customer: nil, acceptLanguage: nil, business: admin.businessLocale, available: texts.languages)
        let link = publicBaseURL.absoluteString.trimmingSuffix("/") + "/console/sign-in/" + token
        let context: [String: MustacheValue] = ["business": .string(admin.businessName), "link": .string(link), "minutes": "15"]
        func text(_ key: String) -> String { texts.text(key, language: language, context: context) }
        let lines = [text(invitation ? "mail_invite_intro" : "mail_sign_in_intro"), link, text("mail_expiry"), text("mail_ignore")]
        return send(to: admin.email, subject: text(invitation ? "mail_invite_subject" : "mail_sign_in_subject"),
                    text: lines.joined(separator: "\n\n") + "\n", html: nil)
    }

    /// Sends one email to `address` (an admin's own); what `send(token:)` and
    /// the message editor's test both call.
    public func send(to address: String, subject: String, text: String, html: String?) -> Outcome {
        let message: OutgoingMessage
        do {
            let id = try SecureRandom.token(byteCount: 16, encoding: .hex)
            message = .email(EmailMessage(
                from: try EmailAddress(fromAddress, name: "BookNow", field: "email.from_address"),
                to: try EmailAddress(address, field: "email"), subject: subject, text: text, html: html,
                messageID: try MessageID(jobID: "console-\(id)", domain: messageIDDomain), date: Date()))
        } catch {
            return .refused("\(error)")
        }
        let transport = self.transport
        let result = transport.deliver(message)
        return result.outcome == .delivered ? .delivered : .refused("\(result.outcome): \(result.replyLine)")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
