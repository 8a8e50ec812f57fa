public import Vocabulary

/// The parsed parts of one kind and channel from one origin, with every
/// partial they include, ready to render without touching a store.
public struct TemplateSet: Sendable {
    public let origin: TemplateOrigin
    public let channel: Channel
    public let parts: [TemplatePart: MustacheTemplate]
    /// Partials and parents by name (the shared email layout, …).
    public let partials: [String: MustacheTemplate]
    /// Total size of the partials, to size output buffers once.
    private let partialBytes: Int

    public init(origin: TemplateOrigin, channel: Channel, parts: [TemplatePart: MustacheTemplate], partials: [String: MustacheTemplate]) {
        self.origin = origin
        self.channel = channel
        self.parts = parts
        self.partials = partials
        partialBytes = partials.values.reduce(0) { $0 + $1.source.utf8.count }
    }

    /// Renders every part. HTML is escaped, the others are not; a subject
    /// loses line breaks so it cannot inject mail headers; an SMS loses the
    /// trailing newline that editors add to files (it would cost a unit).
    public func render(_ context: MustacheValue, options: RenderOptions = RenderOptions()) throws(TemplateError) -> [TemplatePart: String] {
        var rendered: [TemplatePart: String] = [:]
        for (part, template) in parts {
            var partOptions = options
            partOptions.escaping = part.escaping
            let output = try template.render(context, partials: partials, options: partOptions, partialBytes: partialBytes)
            switch (channel, part) {
            case (_, .subject): rendered[part] = Self.singleLine(output)
            case (.sms, _): rendered[part] = Self.trimmingTrailingNewlines(output)
            default: rendered[part] = output
            }
        }
        return rendered
    }

    static func trimmingTrailingNewlines(_ text: String) -> String {
        var utf8 = text.utf8[...]
        while let last = utf8.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            utf8 = utf8.dropLast()
        }
        return utf8.count == text.utf8.count ? text : String(Substring(utf8))
    }

    /// Replaces CR and LF runs with one space and trims spaces at the ends.
    static func singleLine(_ text: String) -> String {
        let utf8 = text.utf8
        let space = UInt8(ascii: " ")
        func isBreak(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        if !utf8.contains(where: isBreak), utf8.first != space, utf8.last != space {
            return text
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var inBreak = false
        for byte in utf8 {
            if isBreak(byte) {
                inBreak = true
                continue
            }
            if inBreak, !bytes.isEmpty, byte != space, bytes.last != space {
                bytes.append(space)
            }
            inBreak = false
            if byte == space, bytes.isEmpty { continue }
            bytes.append(byte)
        }
        while bytes.last == space { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
