public import Foundation

/// One email, ready to compose: who, what, and an optional calendar invite.
///
/// Addresses are validated on construction (`EmailAddress`); free text (subject,
/// names, bodies) is encoded when rendered, so no field can inject a header.
/// `From` and `Reply-To` are per business; `messageID` comes from the job.
public struct EmailMessage: Sendable {
    public var from: EmailAddress
    public var replyTo: EmailAddress?
    public var to: EmailAddress
    public var subject: String
    public var text: String
    /// The HTML alternative; without it the message is a single text/plain part.
    public var html: String?
    /// A calendar invite, attached as `text/calendar; method=…`.
    public var calendar: CalendarInvite?
    public var messageID: MessageID
    public var date: Date

    public init(from: EmailAddress, replyTo: EmailAddress? = nil, to: EmailAddress, subject: String,
                text: String, html: String? = nil, calendar: CalendarInvite? = nil,
                messageID: MessageID, date: Date) {
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.calendar = calendar
        self.messageID = messageID
        self.date = date
    }
}
