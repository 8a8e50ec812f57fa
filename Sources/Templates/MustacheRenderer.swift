/// Walks a node tree against a context stack and writes the output.
///
/// One renderer serves one render call; it is a value type used on one
/// thread. Its bounds (partial depth, output size) turn a runaway template
/// into a `TemplateError` instead of a crashed or starved worker.
struct MustacheRenderer {
    private(set) var output = ""
    private let partials: [String: MustacheTemplate]
    private let options: RenderOptions
    private var contexts: [MustacheValue]
    /// Block overrides of the parents being expanded, outermost first: the
    /// most derived template (pushed first) wins.
    private var blockFrames: [[String: [MustacheNode]]] = []
    /// Indentation of standalone partials, parents and blocks being expanded.
    private var indent = ""
    /// The next template line must be indented before anything is written.
    private var pendingIndent = false
    private var depth = 0

    init(context: MustacheValue, partials: [String: MustacheTemplate], options: RenderOptions) {
        self.partials = partials
        self.options = options
        contexts = [context]
    }

    /// Sizes the output buffer once: growing a string by doubling copies it
    /// several times over for a typical email.
    mutating func reserve(_ bytes: Int) {
        output.reserveCapacity(min(bytes + 256, options.maxOutputBytes))
    }

    mutating func render(_ nodes: [MustacheNode]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                try writeTemplateText(text)
            case .variable(let name, let escaped):
                let value = lookup(name)?.interpolated ?? ""
                try writeValue(value, escaped: escaped && options.escaping == .html)
            case .section(let name, let body, let inverted):
                try renderSection(lookup(name), body: body, inverted: inverted)
            case .partial(let reference, let indent, _):
                if let template = resolve(reference) {
                    try include(template, indent: indent, blocks: nil)
                }
            case .parent(let reference, let indent, let blocks, _):
                if let template = resolve(reference) {
                    try include(template, indent: indent, blocks: blocks)
                }
            case .block(let name, let body, let placement):
                if let override = blockFrames.lazy.compactMap({ $0[name] }).first {
                    try renderOverride(override, default: body, placement: placement)
                } else {
                    try render(body)
                }
            }
        }
    }

    private mutating func renderSection(_ value: MustacheValue?, body: [MustacheNode], inverted: Bool) throws(TemplateError) {
        let truthy = value?.isTruthy ?? false
        if inverted {
            if !truthy { try render(body) }
            return
        }
        guard truthy, let value else { return }
        if case .list(let items) = value {
            for item in items {
                contexts.append(item)
                try render(body)
                contexts.removeLast()
            }
        } else {
            contexts.append(value)
            try render(body)
            contexts.removeLast()
        }
    }

    private mutating func include(_ template: MustacheTemplate, indent extra: String, blocks: [String: [MustacheNode]]?) throws(TemplateError) {
        guard depth < options.maxPartialDepth else {
            throw TemplateError(.partialDepth, "partials nested deeper than \(options.maxPartialDepth) levels (a partial including itself?)")
        }
        depth += 1
        let saved = indent
        if !extra.isEmpty {
            indent += extra
            pendingIndent = true
        }
        if let blocks { blockFrames.append(blocks) }
        try render(template.nodes)
        if blocks != nil { blockFrames.removeLast() }
        indent = saved
        depth -= 1
    }

    private mutating func renderOverride(_ override: [MustacheNode], default body: [MustacheNode], placement: BlockPlacement) throws(TemplateError) {
        let saved = indent
        switch placement {
        case .inline:
            break
        case .afterWhitespace(let extra):
            indent += extra
        case .standalone(let tagIndent):
            // "Intrinsic indentation": the default content shows how deep the block sits.
            if case .text(let first)? = body.first {
                indent += String(first.prefix { $0 == " " || $0 == "\t" })
            } else {
                indent += tagIndent
            }
            pendingIndent = true
        }
        try render(override)
        indent = saved
    }

    private func resolve(_ reference: PartialReference) -> MustacheTemplate? {
        switch reference {
        case .named(let name):
            return partials[name]
        case .dynamic(let name):
            guard case .string(let resolved)? = lookup(name) else { return nil }
            return partials[resolved]
        }
    }

    /// Mustache name resolution: the first context (innermost first) that
    /// has the first component owns the whole dotted name; a miss further
    /// down the path is a miss, not a search of outer contexts.
    private func lookup(_ name: MustacheName) -> MustacheValue? {
        guard let first = name.path.first else { return contexts.last }
        let fingerprint = name.fingerprints[0]
        for context in contexts.reversed() {
            guard case .dictionary(let entries) = context, var value = entries.value(forKey: first, fingerprint: fingerprint) else { continue }
            for index in name.path.indices.dropFirst() {
                guard case .dictionary(let nested) = value,
                    let next = nested.value(forKey: name.path[index], fingerprint: name.fingerprints[index])
                else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    private mutating func writeTemplateText(_ text: String) throws(TemplateError) {
        if indent.isEmpty {
            output += text
        } else {
            var lineStart = text.utf8.startIndex
            let utf8 = text.utf8
            var index = lineStart
            while index != utf8.endIndex {
                let next = utf8.index(after: index)
                if utf8[index] == UInt8(ascii: "\n") {
                    writeIndentIfPending()
                    output += text[lineStart..<next]
                    pendingIndent = true
                    lineStart = next
                }
                index = next
            }
            if lineStart != utf8.endIndex {
                writeIndentIfPending()
                output += text[lineStart...]
            }
        }
        try checkSize()
    }

    private mutating func writeValue(_ value: String, escaped: Bool) throws(TemplateError) {
        writeIndentIfPending()
        if escaped {
            HTMLEscaping.append(value, to: &output)
        } else {
            output += value
        }
        try checkSize()
    }

    private mutating func writeIndentIfPending() {
        if pendingIndent {
            output += indent
            pendingIndent = false
        }
    }

    private func checkSize() throws(TemplateError) {
        if output.utf8.count > options.maxOutputBytes {
            throw TemplateError(.outputTooLarge, "rendered output exceeds \(options.maxOutputBytes) bytes")
        }
    }
}
