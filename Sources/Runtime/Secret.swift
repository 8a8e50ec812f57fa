/// A secret value (password, API key, token) that refuses to be printed.
///
/// `description`, `debugDescription` and the reflection mirror all print
/// `<redacted>`, so a secret interpolated into a log line, an error message
/// or a `dump()` by mistake leaks nothing. Code that really needs the value
/// (to hand it to libpq or libcurl) calls `reveal()`, which is easy to find
/// in review.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`; only configuration loading and tests should create secrets.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself, for the one call that must pass it on.
    public func reveal() -> String {
        value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
