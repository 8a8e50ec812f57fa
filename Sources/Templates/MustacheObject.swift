/// The fields of a dictionary value in a render context.
///
/// Contexts are small (a dozen keys per level) and a message looks names up
/// a few hundred times. Hashing a String for every Dictionary probe was a
/// third of the render time in bench-templates, so fields are kept in
/// arrays with a precomputed 64-bit fingerprint per key: the renderer,
/// whose names were fingerprinted at parse time, scans integers and
/// compares a string only on a fingerprint match.
public struct MustacheObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One immutable reference, so copying an object while walking the
    /// context stack costs one retain rather than one per array.
    private final class Storage: Sendable {
        /// Keys in sorted order, so equal objects have equal arrays.
        let keys: [String]
        let values: [MustacheValue]
        let fingerprints: [UInt64]

        init(keys: [String], values: [MustacheValue]) {
            self.keys = keys
            self.values = values
            fingerprints = keys.map(MustacheObject.fingerprint)
        }
    }

    private let storage: Storage

    public var keys: [String] { storage.keys }
    public var values: [MustacheValue] { storage.values }

    public init(_ entries: [String: MustacheValue]) {
        let sorted = entries.sorted { $0.key < $1.key }
        storage = Storage(keys: sorted.map(\.key), values: sorted.map(\.value))
    }

    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { first, _ in first }))
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> MustacheValue? {
        value(forKey: key, fingerprint: Self.fingerprint(key))
    }

    func value(forKey key: String, fingerprint: UInt64) -> MustacheValue? {
        let storage = storage
        for index in storage.fingerprints.indices where storage.fingerprints[index] == fingerprint && storage.keys[index] == key {
            return storage.values[index]
        }
        return nil
    }

    public func makeIterator() -> Zip2Sequence<[String], [MustacheValue]>.Iterator {
        zip(keys, values).makeIterator()
    }

    public static func == (lhs: MustacheObject, rhs: MustacheObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }

    /// FNV-1a over the UTF-8 bytes: cheap, stable, good enough to make
    /// collisions between a dozen keys rare (a collision only costs a
    /// string comparison).
    static func fingerprint(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
