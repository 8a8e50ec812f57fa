/// The parsed parts of one kind and channel from one origin, with every
/// partial they include, ready to render without touching a store.
public struct TemplateSet: Sendable {
    public let origin: TemplateOrigin
    public let channel: MessageChannel
    public let parts: [TemplatePart: MustacheTemplate]
    /// Partials and parents by name (the shared email layout, …).
    public let partials: [String: MustacheTemplate]

    public init(origin: TemplateOrigin, channel: MessageChannel, parts: [TemplatePart: MustacheTemplate], partials: [String: MustacheTemplate]) {
        self.origin = origin
        self.channel = channel
        self.parts = parts
        self.partials = partials
    }

    /// Renders every part. HTML is escaped, the others are not; a subject
    /// loses line breaks so it cannot inject mail headers; an SMS loses the
    /// trailing newline that editors add to files (it would cost a unit).
    public func render(_ context: MustacheValue, options: RenderOptions = RenderOptions()) throws(TemplateError) -> [TemplatePart: String] {
        var rendered: [TemplatePart: String] = [:]
        for (part, template) in parts {
            var partOptions = options
            partOptions.escaping = part.escaping
            let output = try template.render(context, partials: partials, options: partOptions)
            switch (channel, part) {
            case (_, .subject): rendered[part] = Self.singleLine(output)
            case (.sms, _): rendered[part] = Self.trimmingTrailingNewlines(output)
            default: rendered[part] = output
            }
        }
        return rendered
    }

    static func trimmingTrailingNewlines(_ text: String) -> String {
        var view = Substring(text)
        while let last = view.unicodeScalars.last, last == "\n" || last == "\r" {
            view = Substring(view.unicodeScalars.dropLast())
        }
        return String(view)
    }

    /// Replaces CR and LF runs with one space and trims the ends.
    static func singleLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 10 || $0 == 13 }) || text.first?.isWhitespace == true
            || text.last?.isWhitespace == true
        else { return text }
        var result = ""
        var inBreak = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                inBreak = true
                continue
            }
            if inBreak {
                if !result.isEmpty, scalar != " " { result += " " }
                inBreak = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result.trimmingWhitespace
    }
}
