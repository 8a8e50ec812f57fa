/// HTTP header fields, looked up case-insensitively, kept in arrival order.
///
/// Used for both requests and responses; a name may repeat (`Set-Cookie`,
/// `Vary`), so lookups offer the first value or all of them.
public struct Headers: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields = Fields(caseInsensitive: true)

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { fields.append(name, value) }
    }

    /// The first value of `name`, whatever its case; setting replaces every value.
    public subscript(name: String) -> String? {
        get { fields.first(name) }
        set {
            fields.remove(name)
            if let newValue { fields.append(name, newValue) }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] { fields.all(name) }

    /// Adds a value without removing earlier ones.
    public mutating func add(_ name: String, _ value: String) { fields.append(name, value) }

    /// Removes every value of `name`.
    public mutating func remove(_ name: String) { fields.remove(name) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.pairs.makeIterator()
    }
}
