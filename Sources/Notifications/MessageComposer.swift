public import Booking
import Delivery
import Foundation
public import Templates
public import Vocabulary

/// Turns a booking and a rendered template into the email or SMS to send.
///
/// Emails about a booking's existence carry its calendar entry: REQUEST for
/// confirmations, moves and reminders, CANCEL for cancellations, one UID per
/// booking and SEQUENCE = the booking's version, so calendars update in place.
public struct MessageComposer: Sendable {
    public var fromAddress: String
    public var domain: String
    public var publicBaseURL: String
    public var manageTokens: ManageToken

    public init(fromAddress: String, domain: String, publicBaseURL: String, manageTokens: ManageToken) {
        self.fromAddress = fromAddress
        self.domain = domain
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.manageTokens = manageTokens
    }

    /// The template input for `kind`: times in the location's zone and the customer's locale.
    func input(_ kind: MessageKind, _ data: MessageFacts, reminderLead: Duration?) -> MessageInput {
        // A notice has no booking yet: its links are the customer's waitlist
        // page and the booking page for the free start.
        let manage = data.noticeBookingPath.map { _ in "\(publicBaseURL)/waitlist/\(manageTokens.token(forWaitlistEntry: data.bookingID))" }
            ?? "\(publicBaseURL)/manage/\(manageTokens.token(for: data.bookingID))"
        let accept = data.noticeBookingPath.map { "\(publicBaseURL)/\($0)" } ?? "\(publicBaseURL)/offers/\(manageTokens.token(for: data.bookingID))"
        return MessageInput(
            kind: kind,
            customer: .init(name: data.customerName, email: data.email, phone: data.phone, locale: data.locale),
            start: data.startsAt, end: data.endsAt, serviceName: data.serviceName, providerName: data.providerName,
            location: .init(name: data.locationName, address: data.address.isEmpty ? nil : data.address, timeZone: data.timeZone),
            businessName: data.businessName,
            links: .init(manage: manage, cancel: "\(manage)/cancel", reschedule: "\(manage)/reschedule",
                         acceptOffer: kind == .waitlistOffer ? accept : nil),
            offerExpiresAt: data.holdExpiresAt, reminderLead: reminderLead, offerPassedOn: data.offerPassedOn,
            serviceDescription: data.serviceDescription, servicePrice: data.servicePrice)
    }

    /// The message `catalog` renders for `kind` on `channel` about `data`,
    /// with the business's overrides: what the sender sends, and what the
    /// console's editor previews for a real booking (its catalog's overrides
    /// are what was typed). `locale` replaces the customer's, for a preview of
    /// one language's template.
    public func render(_ kind: MessageKind, on channel: Channel, about data: MessageFacts, locale: String? = nil,
                       reminderLead: Duration?, catalog: TemplateCatalog) throws(TemplateError) -> RenderedMessage {
        var data = data
        if let locale { data.locale = locale }
        return try catalog.render(input(kind, data, reminderLead: reminderLead), channel: channel,
                                  business: data.businessID.uuidString.lowercased(), businessLocale: data.businessLocale)
    }

    func email(_ rendered: RenderedMessage, kind: MessageKind, data: MessageFacts, jobID: Int64, now: Date) throws(DeliveryError) -> EmailMessage {
        let senderName = data.senderName.isEmpty ? data.businessName : data.senderName
        let from = try EmailAddress(fromAddress, name: senderName, field: "email.from_address")
        let to = try EmailAddress(data.email ?? "", name: data.customerName.isEmpty ? nil : data.customerName, field: "customer.email")
        var replyTo: EmailAddress?
        if let address = data.replyTo { replyTo = try EmailAddress(address, name: senderName, field: "business.reply_to") }
        var calendar: CalendarInvite?
        if kind != .waitlistOffer, kind != .waitlistOfferExpired, kind != .bookingHold {
            calendar = CalendarInvite(
                method: kind == .bookingCancelled ? .cancel : .request, bookingID: data.bookingID.uuidString.lowercased(),
                domain: domain, sequence: data.version, start: data.startsAt, end: data.endsAt, stamp: now,
                summary: "\(data.serviceName) with \(data.providerName)", location: "\(data.locationName), \(data.address)",
                details: data.businessName, organizer: replyTo ?? from, attendee: to)
        }
        return EmailMessage(
            from: from, replyTo: replyTo, to: to, subject: rendered.subject ?? data.businessName, text: rendered.text ?? "",
            html: rendered.html, calendar: calendar, messageID: try MessageID(jobID: "job-\(jobID)", domain: domain), date: now)
    }

    /// An SMS valid until the appointment starts, so a late reminder expires at
    /// the provider instead of arriving after the appointment; an offer's until
    /// its hold ends, when accepting is no longer possible.
    ///
    /// A message that opens a conversation with a number (`optOutKinds`) ends
    /// with how to opt out, whatever the business's template says: the first
    /// SMS a number receives from a business is always one of them.
    func sms(_ rendered: RenderedMessage, kind: MessageKind, data: MessageFacts, jobID: Int64,
             now: Date) throws(DeliveryError) -> SMSMessage {
        let validity = max(60, min(data.startsAt, data.holdExpiresAt ?? data.startsAt).timeIntervalSince(now))
        var body = rendered.text ?? ""
        if Self.optOutKinds.contains(kind) {
            body = body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" + Self.optOutLine(locale: data.locale)
        }
        return SMSMessage(
            to: try PhoneNumber(data.phone ?? "", field: "customer.phone"), body: body,
            validity: .seconds(Int64(validity)), idempotencyKey: "job-\(jobID)")
    }

    /// The messages a number's first SMS from a business can be: a booking's
    /// confirmation, or a waitlist offer (held or notify-all). Reminders and
    /// notices of changes always follow a confirmation.
    static let optOutKinds: Set<MessageKind> = [.bookingConfirmed, .waitlistOffer]

    /// "Reply STOP to opt out" in the customer's language (English unless Spanish);
    /// `STOP` is the keyword the inbound route and the carriers honour in both.
    static func optOutLine(locale: String) -> String {
        locale == "es" || locale.hasPrefix("es-") ? "Responde STOP para darte de baja." : "Reply STOP to opt out."
    }
}
