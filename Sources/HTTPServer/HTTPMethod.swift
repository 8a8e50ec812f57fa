/// An HTTP request method, compared exactly as sent (methods are case-sensitive).
///
/// A struct rather than an enum so extension methods (`PROPFIND`, …) pass
/// through to the router, which answers them 405 like any unregistered method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static let get: HTTPMethod = "GET"
    public static let head: HTTPMethod = "HEAD"
    public static let post: HTTPMethod = "POST"
    public static let put: HTTPMethod = "PUT"
    public static let patch: HTTPMethod = "PATCH"
    public static let delete: HTTPMethod = "DELETE"
    public static let options: HTTPMethod = "OPTIONS"

    /// GET, HEAD and OPTIONS: the methods that change nothing (RFC 9110, 9.2.1).
    public var isSafe: Bool { self == .get || self == .head || self == .options }
}
