public import Foundation

/// One-dimensional arrays (`text[]`, `bigint[]`, `uuid[]`, …) in their text form
/// `{a,"b c",NULL}`. Every element is sent quoted, so no value can break out.
extension Array: PostgresEncodable where Element: PostgresEncodable {
    public var postgresText: String {
        "{" + map { ArrayLiteral.quote($0.postgresText) }.joined(separator: ",") + "}"
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        let items = try ArrayLiteral.split(text)
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for item in items {
            if let item {
                values.append(try Element(postgresText: item))
            } else if let null = Element.postgresNull {
                values.append(null)
            } else {
                throw PostgresDecodingFailure("array holds a NULL element; decode as [\(Element.self)?]")
            }
        }
        self = values
    }
}

enum ArrayLiteral {
    static func quote(_ text: String) -> String {
        var out = "\""
        for ch in text {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }

    /// Splits `{…}` into element texts; `nil` is an unquoted NULL.
    static func split(_ text: String) throws(PostgresDecodingFailure) -> [String?] {
        let bytes = Array<UInt8>(text.utf8)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            throw PostgresDecodingFailure("'\(text)' is not a one-dimensional array")
        }
        var items: [String?] = []
        var index = 1
        let end = bytes.count - 1
        if index == end { return [] }
        while index <= end {
            var element: [UInt8] = []
            var quoted = false
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    element.append(bytes[index])
                    index += 1
                }
                index += 1
            } else {
                while index < end, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "{") {
                    element.append(bytes[index])
                    index += 1
                }
                if index < end, bytes[index] == UInt8(ascii: "{") {
                    throw PostgresDecodingFailure("multi-dimensional arrays are not supported")
                }
            }
            let value = String(decoding: element, as: UTF8.self)
            items.append(!quoted && value == "NULL" ? nil : value)
            guard index == end || bytes[index] == UInt8(ascii: ",") else {
                throw PostgresDecodingFailure("'\(text)' is not a well-formed array")
            }
            index += 1
        }
        return items
    }
}

/// `tstzrange` as a half-open `Range<Date>` (`[start,end)`): how bookings block time.
extension Range: PostgresEncodable where Bound == Date {
    public var postgresText: String {
        "[\"\(lowerBound.postgresText)\",\"\(upperBound.postgresText)\")"
    }
}

extension Range: PostgresDecodable where Bound == Date {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard text.hasPrefix("["), text.hasSuffix(")") else {
            throw PostgresDecodingFailure("'\(text)' is not a half-open [lower,upper) range")
        }
        let inner = String(text.dropFirst().dropLast())
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw PostgresDecodingFailure("'\(text)' is not a bounded range") }
        func bound(_ part: Substring) throws(PostgresDecodingFailure) -> Date {
            let trimmed = part.hasPrefix("\"") ? String(part.dropFirst().dropLast()) : String(part)
            return try Date(postgresText: trimmed)
        }
        let lower = try bound(parts[0]), upper = try bound(parts[1])
        guard lower <= upper else { throw PostgresDecodingFailure("'\(text)' has lower > upper") }
        self = lower..<upper
    }
}
