/// The one error type of the HTTPServer module.
///
/// Thrown when the server cannot start, and handed to the error hook when a
/// response cannot be delivered as the handler built it. The stable `code`
/// is what logs and alerts match on.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    /// Stable identifiers, safe to match on and to log.
    public enum Code: String, Sendable {
        /// The configured host is not a numeric IPv4 or IPv6 address.
        case invalidAddress = "invalid_address"
        /// `MHD_start_daemon` failed: the address is in use or not permitted.
        case startFailed = "start_failed"
        /// `start()` was called on a server that is running or was stopped.
        case notStartable = "not_startable"
        /// libmicrohttpd refused a response header (CR/LF, or a header it owns).
        case invalidResponseHeader = "invalid_response_header"
        /// libmicrohttpd could not build or queue a response.
        case responseFailed = "response_failed"
    }

    public let code: Code
    /// What failed and where; never contains a request or response body.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
