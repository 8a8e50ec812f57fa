/// A parsed Mustache template (spec v1.4: core, inheritance, dynamic names;
/// no lambdas, because admins do not run code).
///
/// Parse once, render many times: the value is immutable and `Sendable`, so
/// one parsed template serves every worker thread.
public struct MustacheTemplate: Sendable {
    /// The text the template was parsed from.
    public let source: String
    let nodes: [MustacheNode]

    /// Parses `source`; a syntax error carries the line and column.
    public init(_ source: String) throws(TemplateError) {
        self.source = source
        nodes = try MustacheParser.parse(source)
    }

    /// Renders against `context`. `partials` are looked up by name for
    /// `{{>name}}` and `{{<name}}`; a missing partial renders as nothing,
    /// as the spec requires (lint reports it). Throws only when a bound in
    /// `options` is exceeded.
    public func render(
        _ context: MustacheValue,
        partials: [String: MustacheTemplate] = [:],
        options: RenderOptions = RenderOptions()
    ) throws(TemplateError) -> String {
        try render(context, partials: partials, options: options, partialBytes: partials.values.reduce(0) { $0 + $1.source.utf8.count })
    }

    /// Renders with the output buffer sized for this template plus
    /// `partialBytes` of included text.
    func render(_ context: MustacheValue, partials: [String: MustacheTemplate], options: RenderOptions, partialBytes: Int) throws(TemplateError) -> String {
        var renderer = MustacheRenderer(context: context, partials: partials, options: options)
        renderer.reserve(source.utf8.count + partialBytes)
        try renderer.render(nodes)
        return renderer.output
    }

    /// Names of partials and parents this template includes by literal name,
    /// so a catalog can load them before rendering.
    public var includedPartialNames: Set<String> {
        var names: Set<String> = []
        MustacheWalk.visit(nodes) { node, _ in
            switch node {
            case .partial(.named(let name), _, _), .parent(.named(let name), _, _, _): names.insert(name)
            default: break
            }
        }
        return names
    }

    /// 1-based line and column of a byte offset in `source`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        SourcePosition.lineAndColumn(of: offset, in: source)
    }
}
