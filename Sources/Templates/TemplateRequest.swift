public import Vocabulary

/// What to render: which message, on which channel, for whom.
public struct TemplateRequest: Sendable, Hashable {
    public var kind: MessageKind
    public var channel: Channel
    /// The customer's locale (`es-MX`, `en`).
    public var locale: String
    /// The business whose overrides apply; nil for the shipped defaults only.
    public var business: String?
    /// The business's default locale, tried when the customer's locale has
    /// no template.
    public var businessLocale: String?

    public init(kind: MessageKind, channel: Channel, locale: String, business: String? = nil, businessLocale: String? = nil) {
        self.kind = kind
        self.channel = channel
        self.locale = locale
        self.business = business
        self.businessLocale = businessLocale
    }

    /// File-style name of one part: `reminder.email.subject`.
    public func name(of part: TemplatePart) -> String {
        "\(kind.rawValue).\(channel.rawValue).\(part.rawValue)"
    }
}

/// One place a template set can come from: a business's overrides or the
/// shipped defaults, in one locale.
public struct TemplateOrigin: Sendable, Hashable, CustomStringConvertible {
    /// nil for the shipped defaults.
    public var business: String?
    public var locale: String

    public init(business: String?, locale: String) {
        self.business = business
        self.locale = locale
    }

    public var description: String {
        business.map { "business \($0) overrides, locale \(locale)" } ?? "default templates, locale \(locale)"
    }
}
