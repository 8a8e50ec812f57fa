/// The type of a configuration key: what its text may look like and what
/// typed value it becomes.
///
/// Types are checked when the file is read, not when a value is used, so a
/// bad setting stops the daemon at start (exit 78) rather than at 3 a.m.
public enum ConfigType: Sendable, Equatable {
    /// Any text.
    case string
    /// A decimal integer within the range.
    case int(ClosedRange<Int>)
    /// A whole number followed by a unit: `250ms`, `30s`, `5m`, `1h`.
    case duration
    /// `true`/`false` (also `yes`/`no`, `on`/`off`).
    case bool
    /// One of a fixed set of words, such as log levels.
    case oneOf([String])
    /// Comma-separated items; blanks around items are dropped.
    case list
    /// An absolute file-system path.
    case path
    /// An absolute URL with a scheme and a host, and no password in it.
    case url
    /// A libpq `postgresql://` URL, which may list several hosts (`DatabaseURL`),
    /// with no password in it. Read as a string.
    case databaseURL
    /// An absolute path to a file whose contents are a secret.
    ///
    /// The value in the file or environment is the path, never the secret,
    /// so secrets stay off command lines and out of the configuration.
    case secretFile

    /// A short name for messages and the documentation.
    public var summary: String {
        switch self {
        case .string: "string"
        case .int(let range): "integer \(range.lowerBound)...\(range.upperBound)"
        case .duration: "duration"
        case .bool: "boolean"
        case .oneOf(let words): "one of " + words.joined(separator: ", ")
        case .list: "list"
        case .path: "path"
        case .url: "URL"
        case .databaseURL: "postgresql:// URL"
        case .secretFile: "secret file"
        }
    }
}
