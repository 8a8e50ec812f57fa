public import Vocabulary

/// What a template file is, from its name: `<kind>.<channel>.<part>.mustache`
/// is a part of a message; any other `<name>.mustache` is a partial, included
/// as `{{>name}}` or `{{<name}}`.
public enum TemplateFileName: Sendable, Hashable {
    case part(MessageKind, Channel, TemplatePart)
    case partial(String)

    public static let fileExtension = "mustache"

    /// Classifies a template name (the file name without `.mustache`).
    public init(name: String) {
        let pieces = name.split(separator: ".").map(String.init)
        if pieces.count == 3, let kind = MessageKind(rawValue: pieces[0]), let channel = Channel(rawValue: pieces[1]),
            let part = TemplatePart(rawValue: pieces[2]), channel.parts.contains(part)
        {
            self = .part(kind, channel, part)
        } else {
            self = .partial(name)
        }
    }

    /// Output of this template is HTML: an HTML part, or a partial whose
    /// name ends in `.html`.
    public var isHTML: Bool {
        switch self {
        case .part(_, _, let part): part == .html
        case .partial(let name): name.hasSuffix(".html")
        }
    }
}
