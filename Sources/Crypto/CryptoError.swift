/// The one error type of the Crypto module.
///
/// libcrypto fails only when the environment is broken (no entropy source,
/// an allocation failure, a FIPS provider refusing an algorithm), so callers
/// rarely recover; the stable `code` lets logs and alerts group them.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// Stable identifiers, safe to match on and to log.
    public enum Code: String, Sendable {
        /// `RAND_bytes` could not produce cryptographically strong bytes.
        case randomUnavailable = "random_unavailable"
        /// A digest or MAC function of libcrypto reported failure.
        case digestFailed = "digest_failed"
    }

    public let code: Code
    /// What failed, naming the C function; never contains key or message bytes.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
