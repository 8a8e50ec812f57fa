/// One lexical piece of a template: a run of text or one tag.
///
/// Text runs never span a newline (each ends at one), so the standalone pass
/// can reason about whole lines.
struct MustacheToken {
    enum Kind: Equatable {
        case text
        case variable
        case unescaped
        case section
        case inverted
        case close
        case comment
        case delimiters
        case partial
        case parent
        case block
    }

    var kind: Kind
    /// The text of a text run, or the trimmed content of a tag.
    var content: String
    /// Byte offset in the source where the token starts (the open delimiter for tags).
    var offset: Int
    /// For a close tag: the kind of the tag it closes, when the nesting is valid.
    var closes: Kind?
    /// The line holding this tag was standalone and has been removed from the output.
    var standalone = false
    /// Whitespace that preceded a standalone tag; partials and parents indent
    /// their lines with it.
    var indent = ""
    /// For a block that is not standalone: the whitespace before it when only
    /// whitespace precedes it on its line.
    var lineIndent: String?
    /// Text runs of standalone lines are dropped from the output.
    var removed = false

    var isTag: Bool { kind != .text }

    /// Tags that print nothing themselves and so may stand alone on a line.
    var canStandAlone: Bool {
        switch kind {
        case .text, .variable, .unescaped: false
        default: true
        }
    }

    /// Tags of the inheritance spec, which may share a standalone line.
    var isInheritance: Bool {
        kind == .parent || kind == .block || closes == .parent || closes == .block
    }

    var isParentTag: Bool { kind == .parent || closes == .parent }
}
