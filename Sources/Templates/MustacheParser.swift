/// Builds the node tree from tokens and checks that sections nest.
struct MustacheParser {
    private let source: [UInt8]
    private var tokens: [MustacheToken]
    private var position = 0
    private var depth = 0
    /// Deepest nesting of sections, parents and blocks. Parsing, linting and
    /// rendering recurse once a level, so without a bound an override of a
    /// few thousand nested sections overflowed a server thread's stack and
    /// took the daemon down; real templates nest a handful of levels.
    static let maxNesting = 64

    init(source: String, tokens: [MustacheToken]) {
        self.source = Array(source.utf8)
        self.tokens = tokens
    }

    static func parse(_ source: String) throws(TemplateError) -> [MustacheNode] {
        var parser = MustacheParser(source: source, tokens: try MustacheScanner.tokenize(source))
        return try parser.parseNodes(until: nil)
    }

    /// Parses until the close tag of `opener`, or to the end of the source.
    private mutating func parseNodes(until opener: MustacheToken?) throws(TemplateError) -> [MustacheNode] {
        var nodes: [MustacheNode] = []
        var text = ""
        func flushText() {
            if !text.isEmpty {
                nodes.append(.text(text))
                text = ""
            }
        }
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token.kind {
            case .text:
                if !token.removed { text += token.content }
            case .comment, .delimiters:
                break
            case .variable, .unescaped:
                flushText()
                nodes.append(.variable(MustacheName(token.content, offset: token.offset), escaped: token.kind == .variable))
            case .section, .inverted:
                flushText()
                let body = try nestedNodes(until: token)
                nodes.append(.section(MustacheName(token.content, offset: token.offset), body: body, inverted: token.kind == .inverted))
            case .partial:
                flushText()
                nodes.append(.partial(PartialReference(token.content, offset: token.offset), indent: token.indent, offset: token.offset))
            case .parent:
                flushText()
                let body = try nestedNodes(until: token)
                nodes.append(.parent(PartialReference(token.content, offset: token.offset), indent: token.indent, blocks: Self.overrides(in: body), offset: token.offset))
            case .block:
                flushText()
                let body = try nestedNodes(until: token)
                let placement: BlockPlacement = if token.standalone {
                    .standalone(tagIndent: token.indent)
                } else if let indent = token.lineIndent {
                    .afterWhitespace(indent)
                } else {
                    .inline
                }
                nodes.append(.block(token.content, body: body, placement: placement))
            case .close:
                guard let opener, opener.content == token.content else {
                    let expected = opener.map { "'{{/\($0.content)}}'" } ?? "no close tag"
                    throw error("'{{/\(token.content)}}' closes nothing open here; expected \(expected)", at: token.offset)
                }
                flushText()
                return nodes
            }
        }
        if let opener {
            throw error("'\(opener.content)' is opened here but never closed", at: opener.offset)
        }
        flushText()
        return nodes
    }

    /// The nodes inside `opener`, one level deeper.
    private mutating func nestedNodes(until opener: MustacheToken) throws(TemplateError) -> [MustacheNode] {
        guard depth < Self.maxNesting else {
            throw error("sections nested deeper than \(Self.maxNesting) levels", at: opener.offset)
        }
        depth += 1
        defer { depth -= 1 }
        return try parseNodes(until: opener)
    }

    /// The block overrides a parent tag passes: its direct block children.
    /// Other content inside a parent tag is ignored, as the spec requires.
    /// An override whose tag line was standalone loses the indentation of
    /// its first line from every line, so it can be re-indented where used.
    private static func overrides(in body: [MustacheNode]) -> [String: [MustacheNode]] {
        var blocks: [String: [MustacheNode]] = [:]
        for node in body {
            guard case .block(let name, let content, let placement) = node, blocks[name] == nil else { continue }
            if case .standalone = placement, case .text(let first)? = content.first {
                let indent = String(first.prefix { $0 == " " || $0 == "\t" })
                var atLineStart = true
                blocks[name] = MustacheDedent.strip(indent, from: content, atLineStart: &atLineStart)
            } else {
                blocks[name] = content
            }
        }
        return blocks
    }

    private func error(_ message: String, at offset: Int) -> TemplateError {
        let (line, column) = SourcePosition.lineAndColumn(of: offset, in: source)
        return TemplateError(.syntax, message, line: line, column: column)
    }
}
