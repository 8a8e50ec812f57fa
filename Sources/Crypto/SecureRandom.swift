internal import CLibCrypto

/// Cryptographically strong random bytes and tokens from libcrypto's CSPRNG.
///
/// Tokens act on bookings (manage links) and authenticate callers (API keys),
/// so they carry at least 128 bits and fail loudly rather than weaken.
public enum SecureRandom {
    /// How a token's bytes are spelled.
    public enum Encoding: Sendable {
        /// RFC 4648 §5 base64 without padding: safe in URLs and headers.
        case base64URL
        /// Lowercase hexadecimal.
        case hex
    }

    /// The fewest random bytes a token may carry (128 bits).
    public static let minimumTokenBytes = 16

    /// `count` random bytes, through `RAND_bytes`.
    ///
    /// - Throws: `CryptoError` (`random_unavailable`) when the generator is not
    ///   seeded or fails; never falls back to a weaker source.
    public static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "random byte count out of range")
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard status == 1 else {
            throw CryptoError(.randomUnavailable, "RAND_bytes failed for \(count) bytes")
        }
        return output
    }

    /// A random token of `byteCount` bytes (at least 16, 128 bits) as text.
    public static func token(byteCount: Int = minimumTokenBytes, encoding: Encoding = .base64URL) throws(CryptoError) -> String {
        precondition(byteCount >= minimumTokenBytes, "tokens carry at least 128 bits")
        let raw = try bytes(count: byteCount)
        switch encoding {
        case .hex: return Hex.encode(raw)
        case .base64URL: return Base64URL.encode(raw)
        }
    }
}
