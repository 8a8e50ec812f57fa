public import Templates
import Vocabulary

extension TemplateOverrideEditor {
    /// The largest body `message_templates` accepts, in characters (its CHECK).
    public static let maxBodyLength = 100_000

    /// Lint findings for `parts` as `set` would see them: the new parts
    /// together with the shipped partials they include (looked up as the
    /// catalog does at render time: the message's locale, then the default
    /// locale), so a missing partial is caught before it is stored.
    public func lint(_ key: TemplateOverrideKey, parts: [TemplatePart: TemplateSource]) -> [LintProblem] {
        var sources: [String: TemplateSource] = [:]
        for (part, source) in parts { sources[key.name(of: part)] = source }
        var pending = parts.values.flatMap { Self.partialNames(in: $0) }
        while let name = pending.popLast() {
            guard sources[name] == nil, let source = shippedPartial(name, locale: key.locale) else { continue }
            sources[name] = source
            pending += Self.partialNames(in: source)
        }
        let reported = Set(parts.keys.map(key.name(of:)))
        return linter.lint(sources, locale: key.locale, reporting: reported)
            .sorted { ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message) }
    }

    /// Partials a source includes; none when it does not parse (lint reports that).
    private static func partialNames(in source: TemplateSource) -> [String] {
        ((try? MustacheTemplate(source.text))?.includedPartialNames).map(Array.init) ?? []
    }

    private func shippedPartial(_ name: String, locale: String) -> TemplateSource? {
        for candidate in [locale, defaultLocale] {
            if let source = try? defaults.source(named: name, locale: candidate, business: nil) { return source }
        }
        return nil
    }

    /// Checks what the database would refuse with a constraint name, so the
    /// caller gets a message that says what to fix.
    func validate(_ key: TemplateOverrideKey, author: String) throws(TemplateOverrideError) {
        guard TemplateOverrideKey.isValidLocale(key.locale) else {
            throw TemplateOverrideError(.invalidRequest, "'\(key.locale)' is not a locale such as en or es-MX")
        }
        guard !author.isEmpty, author.count <= 200 else {
            throw TemplateOverrideError(.invalidRequest, "the author must be 1 to 200 characters")
        }
    }

    func validate(_ parts: [TemplatePart: String], channel: Channel) throws(TemplateOverrideError) {
        guard !parts.isEmpty else {
            throw TemplateOverrideError(.invalidRequest, "no parts given; to return to the default templates, reset")
        }
        for (part, body) in parts {
            guard channel.parts.contains(part) else {
                throw TemplateOverrideError(.invalidRequest, "\(channel.rawValue) messages have no \(part.rawValue) part (they have \(channel.parts.map(\.rawValue).joined(separator: ", ")))")
            }
            guard body.count <= Self.maxBodyLength else {
                throw TemplateOverrideError(.invalidRequest, "the \(part.rawValue) part is \(body.count) characters; the limit is \(Self.maxBodyLength)")
            }
        }
    }
}
