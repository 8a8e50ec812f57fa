import Crypto
public import Foundation

/// The secret in a customer's manage links, and its stored hash.
///
/// The token is HMAC-SHA256(link key, booking id) spelled base64url: 43
/// characters, 256 bits that nobody without the key can predict (the key is a
/// random secret of the deployment, `security.link_key_file`). Deriving rather
/// than storing it lets every later message (reminders planned days after the
/// booking, notices, offers) carry the same link, while the database keeps only
/// SHA-256 of the token (`bookings.manage_token_hash`), so a leaked database or
/// backup cannot act on bookings. A lookup by hash needs no constant-time
/// compare, because an attacker cannot choose hash prefixes.
public struct ManageToken: Sendable {
    static let textLength = 43
    private let key: [UInt8]

    /// - Precondition: the key carries at least 128 bits.
    public init(key: [UInt8]) {
        precondition(key.count >= 16, "the link key must be at least 16 bytes")
        self.key = key
    }

    /// The token in every link of `booking`.
    public func token(for booking: UUID) -> String {
        Base64URL.encode(HMAC.sha256(key: key, message: Array("booknow-manage-v1:\(booking.uuidString.lowercased())".utf8)))
    }

    /// The token in the links of waitlist entry `entry`: the same construction
    /// under another label, so an entry's token never equals a booking's.
    public func token(forWaitlistEntry entry: UUID) -> String {
        Base64URL.encode(HMAC.sha256(key: key, message: Array("booknow-waitlist-v1:\(entry.uuidString.lowercased())".utf8)))
    }

    /// The token of waitlist entry `entry` and the hash to store with it.
    func make(forWaitlistEntry entry: UUID) -> (token: String, hash: Data) {
        let token = token(forWaitlistEntry: entry)
        return (token, Data(SHA256.hash(Array(token.utf8))))
    }

    /// The token of `booking` and the hash to store with it.
    func make(for booking: UUID) -> (token: String, hash: Data) {
        let token = token(for: booking)
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
