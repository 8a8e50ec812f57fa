/// The one error type of the Web module, with a stable code.
public struct WebError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The pages folder is missing a template, a text or an asset.
        case pagesIncomplete = "pages_incomplete"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
