/// Base64 (RFC 4648) for encoded words and MIME parts, with optional 76-column lines.
///
/// Written here rather than through Foundation so composition stays a pure,
/// allocation-light function of bytes.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 broken into CRLF-terminated lines of 76 characters, as MIME bodies require.
    static func encodeLines(_ bytes: [UInt8]) -> String {
        let text = Array(encode(bytes).utf8)
        var out = ""
        var start = 0
        while start < text.count {
            let end = min(start + 76, text.count)
            out += String(decoding: text[start..<end], as: UTF8.self) + "\r\n"
            start = end
        }
        return out
    }
}
