/// The few top-level fields an SMS provider's JSON answer is read for (`sid`,
/// `id`, `code`, `message`, `status`), taken in one pass over the bytes.
///
/// The answer is checked as JSON (RFC 8259) while it is read: an answer that is
/// not a JSON object gives no fields, as does one with a syntax error anywhere.
/// Nested objects and arrays are checked and skipped; only the wanted members'
/// values are decoded, strings with their escapes (surrogate pairs joined,
/// a lone surrogate replaced by U+FFFD), numbers as their text. A member named
/// twice keeps its last value, as most JSON readers do. Depth is capped, so a
/// hostile answer cannot exhaust the stack.
struct ReplyFields {
    enum Value: Equatable {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    private(set) var values: [String: Value] = [:]

    /// Reads `bytes`; `wanted` names the members to keep (the rest are only checked).
    init(_ bytes: [UInt8], wanted: [String]) {
        var reader = Reader(bytes: bytes, wanted: wanted.map { Array($0.utf8) })
        guard let values = reader.topLevelObject() else { return }
        self.values = values
    }

    subscript(key: String) -> Value? { values[key] }

    /// A string member's text.
    func string(_ key: String) -> String? {
        if case .string(let text) = values[key] { return text }
        return nil
    }

    /// An integer member, written as a JSON number or as a string of digits.
    func integer(_ key: String) -> Int? {
        switch values[key] {
        case .number(let text), .string(let text): Int(text)
        default: nil
        }
    }
}

private struct Reader {
    let bytes: [UInt8]
    let wanted: [[UInt8]]
    var index = 0
    static let maximumDepth = 64

    init(bytes: [UInt8], wanted: [[UInt8]]) {
        self.bytes = bytes
        self.wanted = wanted
    }

    mutating func topLevelObject() -> [String: ReplyFields.Value]? {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { return nil }
        index += 1
        var values: [String: ReplyFields.Value] = [:]
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\""), let key = rawString() else { return nil }
                skipSpace()
                guard peek == UInt8(ascii: ":") else { return nil }
                index += 1
                skipSpace()
                if let name = wanted.first(where: { $0.elementsEqual(key) }) {
                    guard let value = scalarOrSkip() else { return nil }
                    if let value { values[String(decoding: name, as: UTF8.self)] = value }
                } else {
                    guard skipValue(depth: 1) else { return nil }
                }
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                guard peek == UInt8(ascii: "}") else { return nil }
                index += 1
                break
            }
        }
        skipSpace()
        return index == bytes.count ? values : nil
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// A wanted member's value: `.some(nil)` for an object or array (checked, not kept), `nil` for bad JSON.
    private mutating func scalarOrSkip() -> ReplyFields.Value?? {
        switch peek {
        case UInt8(ascii: "\""):
            guard let raw = rawString(), let text = Self.decode(raw) else { return nil }
            return .some(.string(text))
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipValue(depth: 1) ? .some(nil) : nil
        case UInt8(ascii: "t"): return literal("true") ? .some(.bool(true)) : nil
        case UInt8(ascii: "f"): return literal("false") ? .some(.bool(false)) : nil
        case UInt8(ascii: "n"): return literal("null") ? .some(.null) : nil
        default:
            let start = index
            guard number() else { return nil }
            return .some(.number(String(decoding: bytes[start..<index], as: UTF8.self)))
        }
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth, let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "\""): return rawString() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace()
            if peek == close { index += 1; return true }
            while true {
                skipSpace()
                if isObject {
                    guard peek == UInt8(ascii: "\""), rawString() != nil else { return false }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipSpace()
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                guard peek == close else { return false }
                index += 1
                return true
            }
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in bytes[index..<index + count].elementsEqual(expected) }
        if matches { index += count }
        return matches
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() -> Bool {
        func digits(_ reader: inout Reader) -> Int {
            let start = reader.index
            while let byte = reader.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { reader.index += 1 }
            return reader.index - start
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            return false
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { return false }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { return false }
        }
        return true
    }

    /// A string's bytes between its quotes, escapes left as written and checked; `nil` if unterminated or invalid.
    private mutating func rawString() -> ArraySlice<UInt8>? {
        index += 1  // the opening quote
        let start = index
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                defer { index += 1 }
                return bytes[start..<index]
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = peek else { return nil }
                if escaped == UInt8(ascii: "u") {
                    guard index + 4 < bytes.count, bytes[index + 1...index + 4].allSatisfy({ Self.hexValue($0) != nil }) else { return nil }
                    index += 5
                } else {
                    guard "\"\\/bfnrt".utf8.contains(escaped) else { return nil }
                    index += 1
                }
            case 0..<0x20:
                return nil  // control characters must be escaped
            default:
                index += 1
            }
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A checked string's text with its escapes decoded; `nil` if it is not UTF-8.
    private static func decode(_ raw: ArraySlice<UInt8>) -> String? {
        guard raw.contains(UInt8(ascii: "\\")) else {
            return String(validating: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        func unit(at position: Int) -> UInt32 {
            raw[position + 1...position + 4].reduce(0) { $0 << 4 | hexValue($1)! }
        }
        while i < raw.endIndex {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
            let escaped = raw[i + 1]
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = unit(at: i + 1)
                i += 6
                if (0xD800...0xDBFF).contains(scalar), i + 5 < raw.endIndex, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                    let low = unit(at: i + 1)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                continue
            default: out.append(escaped)  // \" \\ \/
            }
            i += 2
        }
        return String(validating: out, as: UTF8.self)
    }
}
