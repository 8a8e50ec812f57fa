/// The rendered parts of one message, and which templates produced them.
public struct RenderedMessage: Sendable, Hashable {
    public var parts: [TemplatePart: String]
    /// The templates that were used.
    public var origin: TemplateOrigin
    /// Templates that were tried first and failed (a broken override, a
    /// missing required part). Non-empty means the message went out with a
    /// fallback: the caller logs it and tells the business, the customer
    /// still gets their message.
    public var fallbacks: [TemplateFallback]

    public var subject: String? { parts[.subject] }
    public var text: String? { parts[.text] }
    public var html: String? { parts[.html] }

    public init(parts: [TemplatePart: String], origin: TemplateOrigin, fallbacks: [TemplateFallback] = []) {
        self.parts = parts
        self.origin = origin
        self.fallbacks = fallbacks
    }
}

/// A template set that was skipped, and why.
public struct TemplateFallback: Sendable, Hashable, CustomStringConvertible {
    public var skipped: TemplateOrigin
    public var error: TemplateError

    public init(skipped: TemplateOrigin, error: TemplateError) {
        self.skipped = skipped
        self.error = error
    }

    public var description: String { "skipped \(skipped): \(error)" }
}
