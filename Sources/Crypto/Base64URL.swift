/// RFC 4648 §5 base64 ("base64url") without padding.
///
/// Tokens travel in URLs and headers, where `+`, `/` and `=` would need
/// escaping; the alphabet here needs none.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The unpadded base64url spelling of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            let produced = min(remaining, 3) + 1
            for shift in stride(from: 18, through: 0, by: -6).prefix(produced) {
                text.append(alphabet[Int((group >> UInt32(shift)) & 0x3f)])
            }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }
}
