/// The decoded query string of a request (`+` and `%XX` already decoded).
///
/// Names are compared exactly, and may repeat (`?provider=a&provider=b`);
/// a name given without `=` has the empty string as value.
public struct QueryParameters: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields = Fields(caseInsensitive: false)

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { fields.append(name, value) }
    }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? { fields.first(name) }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] { fields.all(name) }

    /// Adds a value without removing earlier ones.
    public mutating func add(_ name: String, _ value: String) { fields.append(name, value) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.pairs.makeIterator()
    }
}
