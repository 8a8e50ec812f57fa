/// The language part of a locale identifier.
///
/// Customers' locales arrive as BCP 47 (`es-MX`) or POSIX (`es_MX`)
/// identifiers; templates exist per language, so resolution and wording
/// fall back from the full locale to its language.
enum LanguageCode {
    /// `es` for `es`, `es-MX` and `es_ES`.
    static func of(_ locale: String) -> String {
        String(locale.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }
}
