public import Foundation

// Job payloads store every value as a JSON string (ids lowercased, instants in
// ISO 8601 to the second, numbers and flags as text): that is what the jobs
// table has held since the first release, and older daemons read the same rows.
// These read and write typed values in that shape.

extension KeyedDecodingContainer {
    func decodeID(_ key: Key) throws -> UUID {
        try parse(key, UUID.init(uuidString:))
    }

    func decodeInt(_ key: Key) throws -> Int {
        try parse(key, Int.init)
    }

    func decodeIntIfPresent(_ key: Key) throws -> Int? {
        try contains(key) ? decodeInt(key) : nil
    }

    func decodeInstant(_ key: Key) throws -> Date {
        try parse(key) { try? Date($0, strategy: .iso8601) }
    }

    private func parse<T>(_ key: Key, _ read: (String) -> T?) throws -> T {
        let text = try decode(String.self, forKey: key)
        guard let value = read(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a \(T.self)")
        }
        return value
    }
}

extension KeyedEncodingContainer {
    mutating func encodeID(_ id: UUID, _ key: Key) throws {
        try encode(id.payloadText, forKey: key)
    }

    mutating func encodeInt(_ number: Int, _ key: Key) throws {
        try encode(String(number), forKey: key)
    }

    mutating func encodeInstant(_ instant: Date, _ key: Key) throws {
        try encode(instant.formatted(.iso8601), forKey: key)
    }
}

extension UUID {
    /// The id as payloads and dedupe keys spell it: lowercased.
    public var payloadText: String { uuidString.lowercased() }
}
