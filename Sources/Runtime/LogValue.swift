/// The value of one `key=value` field of a log line.
///
/// Built from literals and interpolations (`"job": "\(id)"`, `"count": 3`).
/// A secret can only become `.redacted`, which always prints `<redacted>`:
/// there is no way to log a password, key or token through a field, and a
/// `Secret` interpolated into a string prints `<redacted>` too.
public struct LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, CustomStringConvertible
{
    /// The text written to the log, before quoting.
    public let description: String

    public init(_ text: String) {
        description = text
    }

    public init(stringLiteral value: String) {
        description = value
    }

    public init(integerLiteral value: Int) {
        description = String(value)
    }

    public init(booleanLiteral value: Bool) {
        description = value ? "true" : "false"
    }

    /// A field whose value must never appear: it always logs `<redacted>`.
    public static let redacted = LogValue("<redacted>")

    /// Logs that a secret exists without ever printing it.
    public static func secret(_ secret: Secret?) -> LogValue {
        secret == nil ? LogValue("<unset>") : .redacted
    }

    /// Any value's `description`.
    public static func describing(_ value: some CustomStringConvertible) -> LogValue {
        LogValue(value.description)
    }
}
