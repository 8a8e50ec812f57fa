import Vocabulary

extension TemplateVariables {
    /// Marker lines around the generated section of templates/README.md.
    public static let markdownBegin = "<!-- BEGIN variables: generated from TemplateVariables.markdown; a test keeps it in sync -->"
    public static let markdownEnd = "<!-- END variables -->"

    /// The variable catalogue as Markdown, markers included, so the README
    /// can never document a variable the code does not provide, or miss one.
    public static var markdown: String {
        var lines = [markdownBegin, "", "### Every kind", ""]
        lines += table(common)
        for kind in MessageKind.allCases {
            let extra = variables(for: kind).filter { !common.contains($0) }
            lines += ["", "### `\(kind.rawValue)`", ""]
            if extra.isEmpty {
                lines.append("The every-kind variables only.")
            } else {
                lines += ["The every-kind variables, plus:", ""]
                lines += table(extra)
            }
        }
        lines += ["", markdownEnd]
        return lines.joined(separator: "\n")
    }

    private static func table(_ variables: [TemplateVariable]) -> [String] {
        ["| variable | meaning |", "| --- | --- |"] + variables.map { "| `\($0.name)` | \($0.summary) |" }
    }
}
