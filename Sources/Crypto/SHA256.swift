internal import CLibCrypto

/// SHA-256 digests, computed by libcrypto.
///
/// Used to store secrets (API keys, manage tokens) as hashes: the database
/// never holds a token that could act on a booking.
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `bytes`, through `EVP_Digest` with `EVP_sha256()`.
    ///
    /// Traps if libcrypto fails, which only happens on allocation failure or a
    /// provider that refuses SHA-256: no caller could recover from either.
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = withContiguousBytes(bytes) { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(status == 1 && length == byteCount, "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hexHash<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Hex.encode(hash(bytes))
    }
}
