/// An `application/x-www-form-urlencoded` body, decoded: what Twilio posts
/// and what the pages' plain HTML forms send.
///
/// Pairs keep their order and may repeat; the Twilio signature is computed
/// over the decoded names and values, so decoding must match the WHATWG
/// rules exactly (`+` is a space, `%XX` a byte, the result UTF-8).
public struct FormBody: Sendable {
    public let pairs: [(name: String, value: String)]

    /// Decodes `body`; nil when a `%` escape is malformed or the bytes are not UTF-8.
    public init?(_ body: [UInt8]) {
        var pairs: [(name: String, value: String)] = []
        for field in body.split(separator: UInt8(ascii: "&")) {
            let parts = field.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : []) else { return nil }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// The first value of `name` when present and not blank.
    public func nonEmpty(_ name: String) -> String? {
        self[name].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexDigit(bytes[index + 1]), let low = hexDigit(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
