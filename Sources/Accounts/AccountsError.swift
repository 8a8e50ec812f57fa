/// The one error type of the Accounts module, with a stable code.
/// `description` never contains a password or a session id.
public struct AccountsError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A name or role the table refuses.
        case invalidArgument = "invalid_argument"
        /// No account by that name.
        case notFound = "not_found"
        /// An account by that name exists already.
        case exists = "exists"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
