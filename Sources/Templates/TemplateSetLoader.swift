import Vocabulary

/// Reads and parses one template set, and the partials it includes, from
/// one origin.
///
/// A partial is looked up in the origin first, then in the shipped defaults
/// (same locale, then the default locale): a business may override its
/// reminder and still use the shipped layout.
struct TemplateSetLoader {
    let store: any TemplateStore
    let fallbackStore: any TemplateStore
    let origin: TemplateOrigin
    let defaultLocale: String

    /// The set, nil when the origin has none of its parts, or an error when
    /// it has some but is broken.
    func load(_ request: TemplateRequest) throws(TemplateError) -> TemplateSet? {
        var sources: [TemplatePart: TemplateSource] = [:]
        for part in request.channel.parts {
            if let source = try store.source(named: request.name(of: part), locale: origin.locale, business: origin.business) {
                sources[part] = source
            }
        }
        guard !sources.isEmpty else { return nil }
        for part in request.channel.requiredParts where sources[part] == nil {
            throw TemplateError(.missingPart, "\(request.kind.rawValue) \(request.channel.rawValue) template has no \(part.rawValue) part")
        }
        var parts: [TemplatePart: MustacheTemplate] = [:]
        for (part, source) in sources {
            parts[part] = try parse(source)
        }
        return TemplateSet(origin: origin, channel: request.channel, parts: parts, partials: try partials(of: Array(parts.values)))
    }

    /// Every partial reachable from `templates`, by name.
    private func partials(of templates: [MustacheTemplate]) throws(TemplateError) -> [String: MustacheTemplate] {
        var loaded: [String: MustacheTemplate] = [:]
        var pending = templates.flatMap(\.includedPartialNames)
        while let name = pending.popLast() {
            guard loaded[name] == nil else { continue }
            guard let source = try partialSource(name) else {
                throw TemplateError(.notFound, "partial '\(name)' not found")
            }
            let template = try parse(source)
            loaded[name] = template
            pending += template.includedPartialNames
        }
        return loaded
    }

    private func partialSource(_ name: String) throws(TemplateError) -> TemplateSource? {
        if let source = try store.source(named: name, locale: origin.locale, business: origin.business) {
            return source
        }
        for locale in [origin.locale, defaultLocale] {
            if let source = try fallbackStore.source(named: name, locale: locale, business: nil) {
                return source
            }
        }
        return nil
    }

    private func parse(_ source: TemplateSource) throws(TemplateError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(source.text)
        } catch {
            throw error.inFile(source.origin)
        }
    }
}
