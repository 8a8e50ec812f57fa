import Templates

/// A template store held in memory, standing in for the database overrides.
struct MemoryTemplateStore: TemplateStore {
    /// Keyed by "business/locale/name"; business "-" is the shipped defaults.
    var templates: [String: String]

    func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource? {
        let key = "\(business ?? "-")/\(locale)/\(name)"
        return templates[key].map { TemplateSource(text: $0, origin: "memory:\(key)") }
    }
}
