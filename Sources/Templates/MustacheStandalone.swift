/// Applies the spec's standalone-line rule to a token stream.
///
/// A line holding only whitespace and one tag that prints nothing (section,
/// comment, partial, …) is removed from the output entirely. Following the
/// inheritance spec, a line may also hold several parent and block tags (for
/// example `{{<layout}}{{$body}}`) as long as one of them is a parent tag.
enum MustacheStandalone {
    static func resolve(_ tokens: inout [MustacheToken]) {
        var lineStart = 0
        for index in tokens.indices {
            let token = tokens[index]
            let endsLine = index == tokens.count - 1 || (token.kind == .text && token.content.utf8.last == UInt8(ascii: "\n"))
            if endsLine {
                resolveLine(&tokens, lineStart..<index + 1)
                lineStart = index + 1
            }
        }
    }

    private static func resolveLine(_ tokens: inout [MustacheToken], _ line: Range<Int>) {
        let tags = line.filter { tokens[$0].isTag }
        guard !tags.isEmpty else { return }
        if isStandalone(tokens, line, tags: tags) {
            var indent = ""
            for index in line where !tokens[index].isTag {
                if index < tags[0] { indent += tokens[index].content }
                tokens[index].removed = true
            }
            for index in tags { tokens[index].standalone = true }
            tokens[tags[0]].indent = indent
            return
        }
        // A block after leading whitespace indents the lines of its override.
        var leading = ""
        for index in line {
            let token = tokens[index]
            if token.kind == .text {
                guard isBlank(token.content) else { return }
                leading += token.content
            } else if token.kind == .block {
                tokens[index].lineIndent = leading
            } else {
                return
            }
        }
    }

    private static func isStandalone(_ tokens: [MustacheToken], _ line: Range<Int>, tags: [Int]) -> Bool {
        for index in line where !tokens[index].isTag {
            guard isBlank(tokens[index].content) else { return false }
        }
        if tags.count == 1 {
            return tokens[tags[0]].canStandAlone
        }
        return tags.allSatisfy { tokens[$0].isInheritance } && tags.contains { tokens[$0].isParentTag }
    }

    /// Spaces and tabs, optionally ending in a line break.
    static func isBlank(_ text: String) -> Bool {
        // Bytes, not Characters: "\r\n" is a single Character in Swift.
        var body = text.utf8[...]
        if body.last == UInt8(ascii: "\n") { body = body.dropLast() }
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        return body.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
