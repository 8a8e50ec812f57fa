internal import CLibCrypto

/// Keyed message authentication codes, computed by libcrypto's one-shot `HMAC`.
///
/// HMAC-SHA256 signs outgoing webhooks and checks provider callbacks;
/// HMAC-SHA1 exists because some SMS providers (Twilio) still sign with it.
/// Compare received MACs with `ConstantTime.equals`, never `==`.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key` (32 bytes), through `HMAC(EVP_sha256(), …)`.
    public static func sha256<Key: Collection, Message: Collection>(
        key: Key, message: Message
    ) -> [UInt8] where Key.Element == UInt8, Message.Element == UInt8 {
        mac(EVP_sha256(), length: 32, key: key, message: message)
    }

    /// HMAC-SHA1 of `message` under `key` (20 bytes), through `HMAC(EVP_sha1(), …)`.
    public static func sha1<Key: Collection, Message: Collection>(
        key: Key, message: Message
    ) -> [UInt8] where Key.Element == UInt8, Message.Element == UInt8 {
        mac(EVP_sha1(), length: 20, key: key, message: message)
    }

    /// Traps on failure: `HMAC` fails only on allocation failure or a refused
    /// algorithm, and a signature path that silently returned garbage would be worse.
    private static func mac<Key: Collection, Message: Collection>(
        _ algorithm: OpaquePointer?, length: Int, key: Key, message: Message
    ) -> [UInt8] where Key.Element == UInt8, Message.Element == UInt8 {
        var output = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        let result = withContiguousBytes(key) { key in
            withContiguousBytes(message) { message in
                output.withUnsafeMutableBufferPointer { out in
                    CLibCrypto.HMAC(algorithm, key.baseAddress, Int32(key.count),
                         message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                         out.baseAddress, &written)
                }
            }
        }
        precondition(result != nil && written == length, "HMAC failed")
        return output
    }
}
