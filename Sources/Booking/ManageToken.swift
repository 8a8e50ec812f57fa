import Crypto
import Foundation

/// The random secret in a customer's manage links, and its stored hash.
///
/// 32 random bytes (256 bits) spelled base64url: 43 characters. The database
/// keeps only SHA-256 of the token's text (`bookings.manage_token_hash`), so a
/// leaked database cannot act on bookings; a lookup by hash needs no
/// constant-time compare, because an attacker cannot choose hash prefixes.
enum ManageToken {
    static let byteCount = 32
    static let textLength = 43

    /// A new token and the hash to store.
    static func make() throws -> (token: String, hash: Data) {
        let token = try SecureRandom.token(byteCount: byteCount, encoding: .base64URL)
        return (token, Data(SHA256.hash(Array(token.utf8))))
    }

    /// The hash to look `token` up by, or nil when it cannot be a token (so
    /// malformed links are refused without a query).
    static func hash(_ token: String) -> Data? {
        let bytes = Array(token.utf8)
        guard bytes.count == textLength, bytes.allSatisfy(isBase64URL) else { return nil }
        return Data(SHA256.hash(bytes))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
