import SMSText
import Vocabulary

/// Checks templates before they ship or are stored.
///
/// Errors: syntax (with line:column), variables a kind does not document,
/// missing required parts, missing partials, templates that fail to render
/// with sample data. Warnings: unescaped output in HTML, SMS longer than
/// `maxSMSSegments` when rendered with sample data.
public struct TemplateLinter: Sendable {
    /// SMS rendered with sample data may use this many segments before lint warns.
    public var maxSMSSegments: Int

    public init(maxSMSSegments: Int = 2) {
        self.maxSMSSegments = maxSMSSegments
    }

    /// Lints the templates of one locale, keyed by template name
    /// (`reminder.email.html`, `layout.email.html`). All of `sources` are
    /// visible as siblings and partials; problems are reported for the
    /// names in `reporting` (all when nil).
    public func lint(_ sources: [String: TemplateSource], locale: String, reporting: Set<String>? = nil) -> [LintProblem] {
        let reported = reporting ?? Set(sources.keys)
        var problems: [LintProblem] = []
        var parsed: [String: MustacheTemplate] = [:]
        for (name, source) in sources {
            do {
                parsed[name] = try MustacheTemplate(source.text)
            } catch where reported.contains(name) {
                problems.append(LintProblem(.error, file: source.origin, line: error.line ?? 1, column: error.column ?? 1, error.message))
            } catch {
                continue
            }
        }
        for name in reported.sorted() {
            guard let template = parsed[name], let source = sources[name] else { continue }
            problems += TemplateCheck(template: template, file: source.origin, kind: TemplateFileName(name: name), available: Set(sources.keys)).problems()
        }
        problems += lintSets(sources, parsed: parsed, locale: locale, reported: reported)
        return problems
    }

    /// Set-level checks: required parts, and rendering with sample data.
    private func lintSets(_ sources: [String: TemplateSource], parsed: [String: MustacheTemplate], locale: String, reported: Set<String>) -> [LintProblem] {
        var problems: [LintProblem] = []
        for kind in MessageKind.allCases {
            for channel in Channel.allCases {
                let request = TemplateRequest(kind: kind, channel: channel, locale: locale)
                let names = channel.parts.map { request.name(of: $0) }
                guard let anchor = names.first(where: reported.contains), let file = sources[anchor]?.origin else { continue }
                let missing = channel.requiredParts.filter { sources[request.name(of: $0)] == nil }
                for part in missing {
                    problems.append(LintProblem(.error, file: file, "\(kind.rawValue) \(channel.rawValue) templates need a \(part.rawValue) part (\(request.name(of: part)).\(TemplateFileName.fileExtension))"))
                }
                var parts: [TemplatePart: MustacheTemplate] = [:]
                for part in channel.parts { parts[part] = parsed[request.name(of: part)] }
                guard missing.isEmpty, parts.count == names.filter({ sources[$0] != nil }).count else { continue }
                let set = TemplateSet(origin: TemplateOrigin(business: nil, locale: locale), channel: channel, parts: parts, partials: parsed)
                problems += renderProblems(set, kind: kind, request: request, sources: sources)
            }
        }
        return problems
    }

    private func renderProblems(_ set: TemplateSet, kind: MessageKind, request: TemplateRequest, sources: [String: TemplateSource]) -> [LintProblem] {
        let rendered: [TemplatePart: String]
        do {
            rendered = try set.render(SampleData.context(kind: kind, locale: request.locale))
        } catch {
            let file = sources[request.name(of: request.channel.requiredParts[0])]?.origin ?? request.name(of: .text)
            return [LintProblem(.error, file: file, "does not render with sample data: \(error.message)")]
        }
        guard request.channel == .sms, let text = rendered[.text], let file = sources[request.name(of: .text)]?.origin else { return [] }
        let measure = SMSText.measure(text)
        guard measure.segments > maxSMSSegments else { return [] }
        return [LintProblem(.warning, file: file, "SMS with sample data is \(measure.segments) segments (\(measure)); the limit is \(maxSMSSegments)")]
    }
}
