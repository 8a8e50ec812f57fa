public import Foundation

/// A Swift value that can be sent as a statement parameter, in PostgreSQL's
/// text format (the server converts it to the parameter's type).
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PostgresDecodable {
    init(postgresText text: String) throws(PostgresDecodingFailure)
    /// The value for SQL NULL, or `nil` when the type cannot hold NULL.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

/// Why a text value could not be decoded; `Row` adds the column and types.
public struct PostgresDecodingFailure: Error {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        self = .some(try Wrapped(postgresText: text))
    }
    public static var postgresNull: Self? { .some(.none) }
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public init(postgresText text: String) { self = text }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresDecodingFailure("'\(text)' is not a boolean")
        }
    }
}

/// Integer types share one text form.
public protocol PostgresInteger: FixedWidthInteger, PostgresEncodable, PostgresDecodable {}

extension PostgresInteger {
    public var postgresText: String { String(self) }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Self(text) else { throw PostgresDecodingFailure("'\(text)' is not a \(Self.self)") }
        self = value
    }
}

extension Int: PostgresInteger {}
extension Int64: PostgresInteger {}
extension Int32: PostgresInteger {}
extension Int16: PostgresInteger {}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return String(self)
    }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { throw PostgresDecodingFailure("'\(text)' is not a number") }
            self = value
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { uuidString.lowercased() }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = UUID(uuidString: text) else { throw PostgresDecodingFailure("'\(text)' is not a UUID") }
        self = value
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { Timestamp.format(self) }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        self = try Timestamp.parse(text)
    }
}

/// `bytea`, in PostgreSQL's hex format (`\x0a1b…`).
extension Data: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0 else {
            throw PostgresDecodingFailure("not a hex-format bytea value")
        }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var i = 2
        while i < bytes.count {
            guard let high = hexValue(bytes[i]), let low = hexValue(bytes[i + 1]) else {
                throw PostgresDecodingFailure("not a hex-format bytea value")
            }
            data.append(high << 4 | low)
            i += 2
        }
        self = data
    }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
}

/// A `json`/`jsonb` parameter: an `Encodable` value sent as JSON text.
public struct JSONParameter<Value: Encodable & Sendable>: PostgresEncodable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
    public var postgresText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain data types cannot fail; a type that can is a programmer error.
        guard let data = try? encoder.encode(value) else { preconditionFailure("\(Value.self) is not JSON-encodable") }
        return String(decoding: data, as: UTF8.self)
    }
}
