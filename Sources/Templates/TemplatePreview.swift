public import Vocabulary

/// Renders templates with the documented sample data, as
/// `booknowctl templates preview KIND --channel C [--locale L]` does.
public enum TemplatePreview {
    /// The message `catalog` would send for `kind` on `channel` to a
    /// customer in `locale`, with `SampleData` as the booking. Pass a
    /// business to preview its overrides.
    public static func render(
        kind: MessageKind, channel: Channel, locale: String = "en", business: String? = nil,
        businessLocale: String? = nil, catalog: TemplateCatalog
    ) throws(TemplateError) -> RenderedMessage {
        let request = TemplateRequest(kind: kind, channel: channel, locale: locale, business: business, businessLocale: businessLocale)
        return try catalog.render(request, context: SampleData.context(kind: kind, locale: locale))
    }

    /// A preview as text for a terminal: each part under a header, then the
    /// origin and any fallback taken.
    public static func text(of message: RenderedMessage) -> String {
        var lines: [String] = []
        for part in message.parts.keys.sorted() {
            lines.append("--- \(part.rawValue) ---")
            lines.append(message.parts[part] ?? "")
        }
        lines.append("--- from \(message.origin) ---")
        for fallback in message.fallbacks {
            lines.append("fallback: \(fallback)")
        }
        return lines.joined(separator: "\n")
    }
}
