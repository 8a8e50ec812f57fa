/// Renders header values so no data can add a header line or break one.
///
/// Control characters (CR, LF, NUL, TAB…) in a value are turned into single
/// spaces first — the injection defence for names and subjects, which are data
/// a customer or a template controls. A value that is plain printable ASCII and
/// short enough is written as is; anything else becomes RFC 2047 encoded words
/// (`=?UTF-8?B?…?=`), each at most 75 characters, on folded lines, so no line
/// exceeds 78 characters and multi-byte characters are never split.
enum HeaderEncoding {
    /// Replaces every run of control characters with one space and trims the ends.
    static func sanitized(_ value: String) -> String {
        var copy = value
        // One buffer (`withUTF8`): iterating `String.utf8` cost about 30 instructions a byte.
        let plain = copy.withUTF8 { bytes in
            bytes.allSatisfy { (0x20...0x7E).contains($0) } && bytes.first != 0x20 && bytes.last != 0x20
        }
        if plain { return value }
        var result = ""
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isBreaking(scalar) {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result.trimmingSpaces()
    }

    /// A control character (C0, DEL, C1) or a Unicode line or paragraph
    /// separator: what may end or break a line somewhere downstream.
    static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// One complete header field, `Name: value` plus folding, ending in CRLF.
    static func field(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        if isPlain(clean), name.count + 2 + clean.utf8.count <= 78 {
            return "\(name): \(clean)\r\n"
        }
        return "\(name): " + encodedWords(clean).joined(separator: "\r\n ") + "\r\n"
    }

    /// A mailbox for an address header: `"Name" <addr>`, `=?UTF-8?B?…?= <addr>` or `<addr>`.
    static func mailbox(_ mailbox: EmailAddress) -> String {
        guard let raw = mailbox.name else { return "<\(mailbox.address)>" }
        let name = sanitized(raw)
        if name.isEmpty { return "<\(mailbox.address)>" }
        if isPlain(name), name.utf8.count <= 60 {
            var escaped = ""
            for character in name {
                if character == "\\" || character == "\"" { escaped.append("\\") }
                escaped.append(character)
            }
            return "\"\(escaped)\" <\(mailbox.address)>"
        }
        return encodedWords(name).joined(separator: "\r\n ") + "\r\n <\(mailbox.address)>"
    }

    /// Printable ASCII only (space included), and no sequence a decoder could take for an encoded word.
    static func isPlain(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            guard (0x20...0x7E).contains(byte), !(previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) else {
                return false
            }
            previous = byte
        }
        return true
    }

    /// Splits `value` into base64 encoded words of at most 45 UTF-8 bytes (60 base64 characters) each,
    /// breaking only between Unicode scalars.
    static func encodedWords(_ value: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(encodedWord(chunk))
                chunk.removeAll()
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64.encode(bytes) + "?="
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
