import Foundation

extension ConfigType {
    /// Parses `text` (already trimmed) into a typed value.
    ///
    /// Throws a message only; the caller adds the location and key, which it
    /// knows and this function does not. Secret files are not read here: the
    /// path is checked, and `Config` reads the file afterwards because it
    /// also consults `$CREDENTIALS_DIRECTORY`.
    public func parse(_ text: String) throws(ConfigType.Problem) -> ConfigValue {
        switch self {
        case .string:
            return .string(text)
        case .int(let range):
            guard let value = Int(text) else { throw Problem("'\(text)' is not an integer") }
            guard range.contains(value) else {
                throw Problem("\(value) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
            return .int(value)
        case .duration:
            return .duration(try Self.parseDuration(text))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: throw Problem("'\(text)' is not a boolean (use true or false)")
            }
        case .oneOf(let words):
            guard words.contains(text) else {
                throw Problem("'\(text)' is not one of " + words.joined(separator: ", "))
            }
            return .word(text)
        case .list:
            return .list(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        case .path:
            return .path(try Self.absolutePath(text))
        case .url:
            return .url(try Self.parseURL(text))
        case .databaseURL:
            return .string(try DatabaseURL(text).text)
        case .secretFile:
            return .secret(path: try Self.absolutePath(text), Secret(""))
        }
    }

    /// A parse failure, without location; `Config` turns it into a `RuntimeError`.
    public struct Problem: Error {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    private static func parseDuration(_ text: String) throws(Problem) -> Duration {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        guard !digits.isEmpty, let amount = Int64(digits) else {
            throw Problem("'\(text)' is not a duration (use a whole number and ms, s, m or h, like 30s)")
        }
        switch unit {
        case "ms": return .milliseconds(amount)
        case "s": return .seconds(amount)
        case "m": return .seconds(amount * 60)
        case "h": return .seconds(amount * 3600)
        default: throw Problem("'\(text)' has no unit (use ms, s, m or h, like 30s)")
        }
    }

    private static func absolutePath(_ text: String) throws(Problem) -> String {
        guard text.hasPrefix("/") else { throw Problem("'\(text)' is not an absolute path") }
        return text
    }

    /// Rejects URLs carrying a password, in the user part or as a libpq
    /// `password=` parameter: passwords belong in secret files.
    private static func parseURL(_ text: String) throws(Problem) -> URL {
        guard let url = URL(string: text), let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.scheme != nil, let host = components.host, !host.isEmpty
        else { throw Problem("the value is not an absolute URL with a scheme and a host") }
        let passwordInQuery = components.queryItems?.contains { $0.name.lowercased() == "password" } ?? false
        guard components.password == nil, !passwordInQuery else {
            throw Problem("the URL contains a password; put it in a secret file instead")
        }
        return url
    }
}
