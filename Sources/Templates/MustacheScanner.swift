/// Splits template source into tokens, honouring set-delimiter tags.
///
/// Works on UTF-8 bytes: delimiters are ASCII in practice, and byte offsets
/// are what the parser keeps for line:column reporting.
struct MustacheScanner {
    private let bytes: [UInt8]
    private var tokens: [MustacheToken] = []
    /// Open sections, inverted sections, parents and blocks, to classify close tags.
    private var openKinds: [(MustacheToken.Kind, String)] = []

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// Tokens of the whole source, with standalone lines already resolved.
    static func tokenize(_ source: String) throws(TemplateError) -> [MustacheToken] {
        var scanner = MustacheScanner(source)
        try scanner.scan()
        var tokens = scanner.tokens
        MustacheStandalone.resolve(&tokens)
        return tokens
    }

    private mutating func scan() throws(TemplateError) {
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)
        var position = 0
        while position < bytes.count {
            guard let start = find(open, from: position) else {
                appendText(position..<bytes.count)
                return
            }
            appendText(position..<start)
            var contentStart = start + open.count
            let sigil: UInt8? = contentStart < bytes.count ? bytes[contentStart] : nil
            var closer = close
            let kind: MustacheToken.Kind
            switch sigil {
            case UInt8(ascii: "{"): kind = .unescaped; closer = [UInt8(ascii: "}")] + close
            case UInt8(ascii: "&"): kind = .unescaped
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: "="): kind = .delimiters; closer = [UInt8(ascii: "=")] + close
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "<"): kind = .parent
            case UInt8(ascii: "$"): kind = .block
            default: kind = .variable
            }
            if kind != .variable { contentStart += 1 }
            guard let end = find(closer, from: contentStart) else {
                throw error("unclosed tag: expected \(String(decoding: closer, as: UTF8.self))", at: start)
            }
            let content = String(decoding: bytes[contentStart..<end], as: UTF8.self)
            position = end + closer.count
            if kind == .delimiters {
                (open, close) = try delimiters(content, at: start)
            }
            try appendTag(kind, content, at: start)
        }
    }

    private mutating func appendTag(_ kind: MustacheToken.Kind, _ raw: String, at offset: Int) throws(TemplateError) {
        var token = MustacheToken(kind: kind, content: raw.trimmingWhitespace, offset: offset)
        switch kind {
        case .comment, .delimiters:
            token.content = ""
        case .variable, .unescaped, .section, .inverted, .close, .partial, .parent, .block:
            try validateName(token, at: offset)
        case .text:
            break
        }
        switch kind {
        case .section, .inverted, .parent, .block:
            openKinds.append((kind, token.content))
        case .close:
            if let last = openKinds.last, last.1 == token.content {
                token.closes = last.0
                openKinds.removeLast()
            }
        default:
            break
        }
        tokens.append(token)
    }

    private func validateName(_ token: MustacheToken, at offset: Int) throws(TemplateError) {
        var name = Substring(token.content)
        if (token.kind == .partial || token.kind == .parent), name.hasPrefix("*") {
            name = Substring(name.dropFirst().description.trimmingWhitespace)
        }
        if name.isEmpty {
            throw error("empty tag name", at: offset)
        }
        if name.contains(where: \.isWhitespace) {
            throw error("tag name '\(token.content)' contains whitespace", at: offset)
        }
    }

    private func delimiters(_ content: String, at offset: Int) throws(TemplateError) -> ([UInt8], [UInt8]) {
        let parts = content.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            throw error("set-delimiter tag needs two delimiters without '=', like {{=<% %>=}}", at: offset)
        }
        return (Array(parts[0].utf8), Array(parts[1].utf8))
    }

    /// Appends text, one token per line so standalone detection sees lines.
    private mutating func appendText(_ range: Range<Int>) {
        var lineStart = range.lowerBound
        for index in range where bytes[index] == UInt8(ascii: "\n") {
            tokens.append(textToken(lineStart..<index + 1))
            lineStart = index + 1
        }
        if lineStart < range.upperBound {
            tokens.append(textToken(lineStart..<range.upperBound))
        }
    }

    private func textToken(_ range: Range<Int>) -> MustacheToken {
        MustacheToken(kind: .text, content: String(decoding: bytes[range], as: UTF8.self), offset: range.lowerBound)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private func error(_ message: String, at offset: Int) -> TemplateError {
        let (line, column) = SourcePosition.lineAndColumn(of: offset, in: bytes)
        return TemplateError(.syntax, message, line: line, column: column)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
