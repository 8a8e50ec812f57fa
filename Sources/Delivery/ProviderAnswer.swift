/// The few fields `SMSReply` reads from an SMS provider's JSON answer: `code`
/// (a number, or a string of digits), `sid` or `id`, and `message` or `status`
/// (strings), each taken from the top-level object only.
///
/// One pass over the bytes, with no dictionary and no value kept but these:
/// the answer is read on the HTTP client's one loop thread, where Foundation's
/// `JSONSerialization` took about 14,000 instructions a message (callgrind).
/// It accepts what `JSONSerialization` accepts of a UTF-8 document (RFC 8259,
/// with its byte order mark and trailing commas in objects: the whole text is
/// checked, not only the fields read); anything else reads as an answer with
/// none of the fields, as before. A repeated key keeps its last value. One
/// difference: a code written with a fraction or an exponent and more than 15
/// digits reads as none (JSONSerialization reads some of those, depending on
/// their digits).
struct ProviderAnswer: Equatable {
    var code: Int?
    var id: String?
    var text: String?

    init(json body: [UInt8]) {
        var sid: String?, id: String?, message: String?, status: String?, code: Int?
        let complete = body.withUnsafeBufferPointer { bytes in
            var reader = Reader(bytes: bytes)
            return reader.object { key, reader in
                if Self.equal(key, "code") {
                    code = try reader.codeValue()
                } else if Self.equal(key, "sid") {
                    sid = try reader.stringValue()
                } else if Self.equal(key, "id") {
                    id = try reader.stringValue()
                } else if Self.equal(key, "message") {
                    message = try reader.stringValue()
                } else if Self.equal(key, "status") {
                    status = try reader.stringValue()
                } else {
                    try reader.skipValue()
                }
            }
        }
        guard complete else { return }
        self.code = code
        self.id = sid ?? id
        self.text = message ?? status
    }

    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { key.elementsEqual($0) }
    }

    private struct Malformed: Error {}

    private struct Reader {
        /// `JSONSerialization` refuses deeper nesting too.
        static let maxDepth = 512
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The whole document as one object, `field` called with each key's text (UTF-8, escapes decoded);
        /// false when it is not valid JSON.
        mutating func object(_ field: (UnsafeBufferPointer<UInt8>, inout Reader) throws -> Void) -> Bool {
            do {
                // JSONSerialization skips a UTF-8 byte order mark.
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
                skipSpace()
                guard take(UInt8(ascii: "{")) else { return false }
                try members { key, reader in try field(key, &reader) }
                skipSpace()
                return at == bytes.count
            } catch {
                return false
            }
        }

        /// After `{`: each `"key": value` up to and including `}`.
        private mutating func members(_ field: (UnsafeBufferPointer<UInt8>, inout Reader) throws -> Void) throws {
            try deeper()
            defer { depth -= 1 }
            repeat {
                skipSpace()
                // An empty object, or (as JSONSerialization takes it) a comma before the closing brace.
                if take(UInt8(ascii: "}")) { return }
                let key = try stringToken()
                skipSpace()
                guard take(UInt8(ascii: ":")) else { throw Malformed() }
                skipSpace()
                try Self.withBytes(of: key, in: bytes) { try field($0, &self) }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { throw Malformed() }
        }

        /// A string value, or nil for any other (valid) value.
        mutating func stringValue() throws -> String? {
            if peek == UInt8(ascii: "\"") { return try string() }
            try skipValue()
            return nil
        }

        /// An integer literal that fits an `Int`, a whole number written with a fraction or an
        /// exponent (`21211.0`, `2.1e4`) in at most 15 digits, or a string `Int(_:)` reads; nil for
        /// any other value.
        mutating func codeValue() throws -> Int? {
            if peek == UInt8(ascii: "\"") { return Int(try string()) }
            // JSONSerialization's booleans read as 1 and 0 through `as? Int`.
            if peek == UInt8(ascii: "t") || peek == UInt8(ascii: "f") {
                let value = peek == UInt8(ascii: "t")
                try skipValue()
                return value ? 1 : 0
            }
            guard let byte = peek, byte == UInt8(ascii: "-") || isDigit(byte) else {
                try skipValue()
                return nil
            }
            let start = at
            let integral = try number()
            let text = String(decoding: bytes[start..<at], as: UTF8.self)
            if integral { return Int(text) }
            let digits = bytes[start..<at].prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }.filter(isDigit).count
            return digits <= 15 ? Double(text).flatMap { Int(exactly: $0) } : nil
        }

        mutating func skipValue() throws {
            guard let byte = peek else { throw Malformed() }
            switch byte {
            case UInt8(ascii: "\""): _ = try stringToken()
            case UInt8(ascii: "{"):
                at += 1
                try members { _, reader in try reader.skipValue() }
            case UInt8(ascii: "["):
                at += 1
                try deeper()
                defer { depth -= 1 }
                skipSpace()
                if take(UInt8(ascii: "]")) { return }
                repeat {
                    skipSpace()
                    try skipValue()
                    skipSpace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else { throw Malformed() }
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: _ = try number()
            }
        }

        /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`; true when it has neither fraction nor exponent.
        /// A number too large for a Double is refused, as JSONSerialization refuses it.
        private mutating func number() throws -> Bool {
            let start = at
            let integral = try numberSyntax()
            if !integral || at - start > 18, !(Double(String(decoding: bytes[start..<at], as: UTF8.self))?.isFinite ?? false) {
                throw Malformed()
            }
            return integral
        }

        private mutating func numberSyntax() throws -> Bool {
            _ = take(UInt8(ascii: "-"))
            if take(UInt8(ascii: "0")) {
                // No leading zeros.
            } else if let byte = peek, isDigit(byte) {
                skipDigits()
            } else {
                throw Malformed()
            }
            var integral = true
            if take(UInt8(ascii: ".")) {
                guard let byte = peek, isDigit(byte) else { throw Malformed() }
                skipDigits()
                integral = false
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
                guard let byte = peek, isDigit(byte) else { throw Malformed() }
                skipDigits()
                integral = false
            }
            return integral
        }

        private mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard at + count <= bytes.count,
                  word.withUTF8Buffer({ $0.elementsEqual(bytes[at..<at + count]) }) else { throw Malformed() }
            at += count
        }

        /// A string from its opening quote: escapes decoded, its bytes valid UTF-8, no raw control character.
        private mutating func string() throws -> String {
            Self.withBytes(of: try stringToken(), in: bytes) { String(decoding: $0, as: UTF8.self) }
        }

        /// Where a string's text is: in the document when it has no escape, else decoded.
        private enum Token {
            case span(Range<Int>)
            case decoded([UInt8])
        }

        private static func withBytes<T>(of token: Token, in bytes: UnsafeBufferPointer<UInt8>,
                                         _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
            switch token {
            case .span(let range): try body(UnsafeBufferPointer(rebasing: bytes[range]))
            case .decoded(let decoded): try decoded.withUnsafeBufferPointer(body)
            }
        }

        /// A string from its opening quote; throws unless its text, escapes decoded, is valid UTF-8 with no raw
        /// control character. ASCII needs no check: `String(validating:)` is generic, not specialized here,
        /// and cost about 1,000 instructions a call (callgrind), more than the rest of an answer's reading.
        private mutating func stringToken() throws -> Token {
            guard take(UInt8(ascii: "\"")) else { throw Malformed() }
            let start = at
            var ascii = true
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\"), bytes[at] >= 0x20 {
                ascii = ascii && bytes[at] < 0x80
                at += 1
            }
            guard at < bytes.count else { throw Malformed() }
            if bytes[at] == UInt8(ascii: "\"") {
                // The common case: no escape, no copy.
                at += 1
                let span = UnsafeBufferPointer(rebasing: bytes[start..<at - 1])
                guard ascii || String(validating: span, as: UTF8.self) != nil else { throw Malformed() }
                return .span(start..<at - 1)
            }
            var decoded = Array(bytes[start..<at])
            while true {
                guard at < bytes.count else { throw Malformed() }
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard String(validating: decoded, as: UTF8.self) != nil else { throw Malformed() }
                    return .decoded(decoded)
                case UInt8(ascii: "\\"):
                    try escape(into: &decoded)
                case ..<0x20:
                    throw Malformed()
                default:
                    decoded.append(byte)
                }
            }
        }

        /// After a backslash: one escape, appended as UTF-8.
        private mutating func escape(into decoded: inout [UInt8]) throws {
            guard let byte = peek else { throw Malformed() }
            at += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else { throw Malformed() }
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Malformed() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Malformed() }
                UTF8.encode(unicode) { decoded.append($0) }
            default:
                throw Malformed()
            }
        }

        private mutating func hex4() throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw Malformed() }
            var value: UInt32 = 0
            for byte in bytes[at..<at + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Malformed()
                }
                value = value << 4 | UInt32(digit)
            }
            at += 4
            return value
        }

        private mutating func deeper() throws {
            depth += 1
            guard depth <= Self.maxDepth else { throw Malformed() }
        }

        private var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        private mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D { at += 1 }
        }

        private mutating func skipDigits() {
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
