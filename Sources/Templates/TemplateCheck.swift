import Vocabulary

/// The checks that look at one parsed template on its own.
struct TemplateCheck {
    let template: MustacheTemplate
    let file: String
    let kind: TemplateFileName
    /// Names of the templates that partial tags can reach.
    let available: Set<String>

    func problems() -> [LintProblem] {
        let known = knownNames()
        var problems: [LintProblem] = []
        func report(_ severity: LintProblem.Severity, _ offset: Int, _ message: String) {
            let (line, column) = template.position(of: offset)
            problems.append(LintProblem(severity, file: file, line: line, column: column, message))
        }
        MustacheWalk.visit(template.nodes) { node, sections in
            switch node {
            case .variable(let name, let escaped):
                if !Self.resolves(name, within: sections, known: known) {
                    report(.error, name.offset, "unknown variable '\(name.text)'\(kindHint)")
                }
                if !escaped, kind.isHTML {
                    if Self.isGenerated(name.text) {
                        report(.warning, name.offset, "'\(name.text)' is not HTML-escaped in an HTML template; use {{\(name.text)}} unless it is trusted HTML")
                    } else {
                        // A name, an address, a service: typed by a customer or staff member, so
                        // raw output would let `<script>` in a name run in the recipient's mail.
                        report(.error, name.offset, "'\(name.text)' is text a person typed and must be HTML-escaped in an HTML template: use {{\(name.text)}}")
                    }
                }
            case .section(let name, _, _):
                if !Self.resolves(name, within: sections, known: known) {
                    report(.error, name.offset, "unknown variable '\(name.text)' in section\(kindHint)")
                }
            case .partial(let reference, _, let offset), .parent(let reference, _, _, let offset):
                switch reference {
                case .named(let partial) where !available.contains(partial):
                    report(.error, offset, "partial '\(partial)' not found (expected \(partial).\(TemplateFileName.fileExtension) next to this file)")
                case .dynamic(let name) where !Self.resolves(name, within: sections, known: known):
                    report(.error, name.offset, "unknown variable '\(name.text)' in dynamic partial name\(kindHint)")
                default:
                    break
                }
            case .text, .block:
                break
            }
        }
        return problems
    }

    /// Values the system makes (links, formatted times), which hold no
    /// markup a person could have typed; everything else is typed text.
    static func isGenerated(_ name: String) -> Bool {
        name.hasPrefix("links.") || name.hasPrefix("appointment.") || name.hasPrefix("previous.")
    }

    private var kindHint: String {
        switch kind {
        case .part(let messageKind, _, _): " for \(messageKind.rawValue) (see templates/README.md)"
        case .partial: " for any kind (see templates/README.md)"
        }
    }

    /// Documented variables and the objects that hold them (`appointment`,
    /// `appointment.start`), which sections may open. A partial may be
    /// included from any kind, so it may use any kind's variables.
    private func knownNames() -> Set<String> {
        let kinds: [MessageKind] = switch kind {
        case .part(let messageKind, _, _): [messageKind]
        case .partial: MessageKind.allCases
        }
        var known: Set<String> = []
        for variable in kinds.flatMap(TemplateVariables.variables(for:)) {
            var prefix = ""
            for component in variable.name.split(separator: ".") {
                prefix = prefix.isEmpty ? String(component) : "\(prefix).\(component)"
                known.insert(prefix)
            }
        }
        return known
    }

    /// A name is known when it, or the name with the paths of enclosing
    /// sections in front, is documented: `{{#customer}}{{name}}{{/customer}}`.
    static func resolves(_ name: MustacheName, within sections: [MustacheName], known: Set<String>) -> Bool {
        if name.path.isEmpty { return true }
        var scopes = [""]
        for section in sections where !section.path.isEmpty {
            scopes += scopes.map { $0.isEmpty ? section.text : "\($0).\(section.text)" }
        }
        return scopes.contains { known.contains($0.isEmpty ? name.text : "\($0).\(name.text)") }
    }
}
