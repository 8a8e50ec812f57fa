/// How a template is rendered: escaping and the bounds that keep an admin's
/// template from exhausting a worker.
public struct RenderOptions: Sendable, Hashable {
    /// How interpolated values are escaped.
    public enum Escaping: Sendable, Hashable {
        /// `&`, `<`, `>`, `"` and `'` become entities; for HTML parts.
        case html
        /// Values are written as they are; for subjects, text and SMS.
        case none
    }

    public var escaping: Escaping
    /// Deepest nesting of partials and parents. Recursive partials are legal
    /// Mustache, so without this bound a self-including template would
    /// recurse until the stack overflows.
    public var maxPartialDepth: Int
    /// Largest rendered output, in UTF-8 bytes; loops over big lists stop
    /// with an error instead of building megabytes of mail.
    public var maxOutputBytes: Int

    public init(escaping: Escaping = .html, maxPartialDepth: Int = 32, maxOutputBytes: Int = 512 * 1024) {
        self.escaping = escaping
        self.maxPartialDepth = maxPartialDepth
        self.maxOutputBytes = maxOutputBytes
    }
}
