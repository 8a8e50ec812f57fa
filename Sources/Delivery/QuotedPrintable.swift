/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies.
///
/// Line ends in the input (LF, CRLF or CR) become CRLF hard breaks; encoded
/// lines never exceed 76 characters (soft breaks `=` CRLF); a space or tab at
/// the end of a line is encoded so transports cannot strip it; `=` and every
/// non-ASCII byte are encoded, and an escape sequence is never split.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { out += [13, 10] }
            encodeLine(Array(line.utf8), into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func encodeLine(_ bytes: [UInt8], into out: inout [UInt8]) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !isLast)
            let token: [UInt8] = literal ? [byte] : escape(byte)
            // Keep room for the soft-break "=" unless this token ends the line.
            let limit = isLast ? 76 : 75
            if column + token.count > limit {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            out += token
            column += token.count
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func escape(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
}
