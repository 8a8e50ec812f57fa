/// One variable a template of some kind may use, e.g. `customer.name`.
public struct TemplateVariable: Sendable, Hashable {
    /// The dotted name as written in a tag.
    public let name: String
    /// What it holds, for templates/README.md.
    public let summary: String

    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}
