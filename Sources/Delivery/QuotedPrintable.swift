/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies.
///
/// Line ends in the input (LF, CRLF or CR) become CRLF hard breaks; encoded
/// lines never exceed 76 characters (soft breaks `=` CRLF); a space or tab at
/// the end of a line is encoded so transports cannot strip it; `=` and every
/// non-ASCII byte are encoded, and an escape sequence is never split. Works on
/// bytes in one pass: it runs for every part of every email.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4 + 16)
        var lineStart = 0, index = 0
        while index <= bytes.count {
            guard index == bytes.count || bytes[index] == 10 || bytes[index] == 13 else {
                index += 1
                continue
            }
            encodeLine(bytes[lineStart..<index], into: &out)
            if index == bytes.count { break }
            out += [13, 10]
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            index += 1
            lineStart = index
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.endIndex - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !isLast)
            let width = literal ? 1 : 3
            // Keep room for the soft-break "=" unless this token ends the line.
            if column + width > (isLast ? 76 : 75) {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            if literal {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
            column += width
        }
    }
}
