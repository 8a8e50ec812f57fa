public import Vocabulary

/// The template parts of each channel.
extension Channel {
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
