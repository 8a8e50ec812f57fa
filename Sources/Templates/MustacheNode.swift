/// A parsed template: the tree the renderer walks.
///
/// Templates are parsed once (see `TemplateCatalog`'s cache) and rendered
/// many times, so everything that can be decided at parse time is: names are
/// split into components, standalone lines are gone, adjacent text is merged.
indirect enum MustacheNode: Sendable {
    case text(String)
    case variable(MustacheName, escaped: Bool)
    case section(MustacheName, body: [MustacheNode], inverted: Bool)
    /// `{{>name}}`, with the indentation of a standalone tag.
    case partial(PartialReference, indent: String, offset: Int)
    /// `{{<name}}…{{/name}}`: a partial whose blocks are replaced by `blocks`.
    case parent(PartialReference, indent: String, blocks: [String: [MustacheNode]], offset: Int)
    /// `{{$name}}default{{/name}}`: a place a child template may override.
    case block(String, body: [MustacheNode], placement: BlockPlacement)
}

/// A dotted name as written in a tag, e.g. `appointment.start.time`.
///
/// A class so that walking the tree retains one reference per name, not
/// one per array inside it.
final class MustacheName: Sendable, Hashable {
    /// Components; empty for the implicit iterator `.`.
    let path: [String]
    /// `MustacheObject` fingerprints of `path`, computed once at parse time.
    let fingerprints: [UInt64]
    /// The name as written, for lint messages.
    let text: String
    /// Byte offset of the tag, for lint positions.
    let offset: Int

    init(_ text: String, offset: Int) {
        self.text = text
        self.offset = offset
        path = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        fingerprints = path.map(MustacheObject.fingerprint)
    }

    static func == (lhs: MustacheName, rhs: MustacheName) -> Bool {
        lhs.text == rhs.text && lhs.offset == rhs.offset
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(offset)
    }
}

/// Which template a partial or parent tag includes.
enum PartialReference: Sendable, Hashable {
    /// A literal name: `{{>footer}}`.
    case named(String)
    /// A dynamic name: `{{>*kind}}` takes the partial name from the context.
    case dynamic(MustacheName)

    init(_ content: String, offset: Int) {
        if content.hasPrefix("*") {
            self = .dynamic(MustacheName(String(content.dropFirst()).trimmingWhitespace, offset: offset))
        } else {
            self = .named(content)
        }
    }
}

/// Where a block sits on its line, which decides how an override is indented.
enum BlockPlacement: Sendable, Hashable {
    /// Text precedes the block on its line: overrides are inserted as they are.
    case inline
    /// Only whitespace precedes the block; that whitespace stays in the
    /// output and the following lines of an override get it too.
    case afterWhitespace(String)
    /// The block's tag line was removed; every line of an override is
    /// indented like the block's default content (or like the tag when the
    /// default is empty).
    case standalone(tagIndent: String)
}
