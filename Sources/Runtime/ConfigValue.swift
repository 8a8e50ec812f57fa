public import Foundation

/// A typed configuration value, produced by parsing a key's text with its `ConfigType`.
public enum ConfigValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case duration(Duration)
    case bool(Bool)
    case word(String)
    case list([String])
    case path(String)
    case url(URL)
    /// The path of the secret file and its contents.
    case secret(path: String, Secret)

    /// Secrets compare by path only: comparing contents is never needed and
    /// would invite timing-sensitive code.
    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.word(let a), .word(let b)), (.path(let a), .path(let b)):
            a == b
        case (.int(let a), .int(let b)): a == b
        case (.duration(let a), .duration(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.url(let a), .url(let b)): a == b
        case (.secret(let a, _), .secret(let b, _)): a == b
        default: false
        }
    }

    /// The value as it would be written in the file; secrets show only their path.
    public var description: String {
        switch self {
        case .string(let s), .word(let s), .path(let s): s
        case .int(let i): String(i)
        case .duration(let d): ConfigValue.format(d)
        case .bool(let b): b ? "true" : "false"
        case .list(let items): items.joined(separator: ", ")
        case .url(let u): u.absoluteString
        case .secret(let path, _): path
        }
    }

    /// Formats a duration in the largest unit that represents it exactly.
    static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000)] where ms % size == 0 && ms != 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }
}
