/// The messages BookNow sends; the raw values are the names used in job
/// payloads, template file names and the `message_templates` table.
public enum MessageKind: String, Sendable, Hashable, CaseIterable {
    case bookingConfirmed = "booking_confirmed"
    /// One kind for every reminder offset; the lead time is a variable.
    case reminder
    case bookingCancelled = "booking_cancelled"
    case bookingRescheduled = "booking_rescheduled"
    case waitlistOffer = "waitlist_offer"
    case waitlistOfferExpired = "waitlist_offer_expired"
    /// A flood-mode hold's confirmation link: the booking exists only once the customer confirms.
    case bookingHold = "booking_hold"
}

/// The ways a message reaches a customer.
public enum MessageChannel: String, Sendable, Hashable, CaseIterable {
    case email
    case sms

    /// Every part a template set of this channel may have.
    public var parts: [TemplatePart] {
        switch self {
        case .email: [.subject, .text, .html]
        case .sms: [.text]
        }
    }

    /// Parts without which no message can be sent: an email needs a subject
    /// and a plain-text body (the HTML alternative is optional).
    public var requiredParts: [TemplatePart] {
        switch self {
        case .email: [.subject, .text]
        case .sms: [.text]
        }
    }
}

/// One rendered piece of a message.
public enum TemplatePart: String, Sendable, Hashable, CaseIterable, Comparable {
    case subject
    case text
    case html

    /// HTML escapes interpolated values; subjects, text and SMS go out as
    /// plain text, where entities would show up literally.
    public var escaping: RenderOptions.Escaping {
        self == .html ? .html : .none
    }

    public static func < (lhs: TemplatePart, rhs: TemplatePart) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
