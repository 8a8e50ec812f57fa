/// Removes a fixed indentation from the start of every line of a node tree.
///
/// Used for block overrides: "block indentation is removed at the site of
/// definition and added at the site of expansion" (inheritance spec). Only
/// template text is touched; tags keep their own indentation, so nested
/// blocks stay indented relative to the block around them.
enum MustacheDedent {
    static func strip(_ indent: String, from nodes: [MustacheNode], atLineStart: inout Bool) -> [MustacheNode] {
        guard !indent.isEmpty else { return nodes }
        return nodes.map { node in
            switch node {
            case .text(let text):
                return .text(strip(indent, from: text, atLineStart: &atLineStart))
            case .section(let name, let body, let inverted):
                return .section(name, body: strip(indent, from: body, atLineStart: &atLineStart), inverted: inverted)
            case .block(let name, let body, let placement):
                return .block(name, body: strip(indent, from: body, atLineStart: &atLineStart), placement: placement)
            case .variable, .partial, .parent:
                atLineStart = false
                return node
            }
        }
    }

    private static func strip(_ indent: String, from text: String, atLineStart: inout Bool) -> String {
        var result = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.offset > 0 {
                result += "\n"
                atLineStart = true
            }
            var content = line.element
            if atLineStart, content.hasPrefix(indent) {
                content = content.dropFirst(indent.count)
            }
            if !content.isEmpty { atLineStart = false }
            result += content
        }
        return result
    }
}
