/// Where template sources come from.
///
/// The shipped defaults are files (`DirectoryTemplateStore`); per-business
/// overrides will come from the `message_templates` table through another
/// conformance. `TemplateCatalog` asks the override store with a business
/// and the default store without one, so adding the database changes no
/// caller. Implementations are called from worker threads, possibly at once.
public protocol TemplateStore: Sendable {
    /// The source of template `name` in `locale` for `business` (nil: the
    /// shipped defaults), or nil when the store has none.
    ///
    /// `name` is a part (`reminder.email.html`) or a partial
    /// (`layout.email.html`). Throws only when a template exists but cannot
    /// be read; the catalog then falls back and reports it.
    func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource?
}

/// Template text and where it came from, for error reports and lint.
public struct TemplateSource: Sendable, Hashable {
    public var text: String
    /// A file path, or a description such as `message_templates:42 v3`.
    public var origin: String

    public init(text: String, origin: String) {
        self.text = text
        self.origin = origin
    }
}
