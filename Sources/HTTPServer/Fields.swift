/// An ordered list of name/value pairs where a name may repeat.
///
/// Shared storage of `Headers` (names compared case-insensitively, RFC 9110
/// §5.1) and `QueryParameters` (names compared exactly); order is kept
/// because repeated fields are meaningful in order.
struct Fields: Sendable, Equatable {
    private(set) var pairs: [(name: String, value: String)] = []
    let caseInsensitive: Bool

    init(caseInsensitive: Bool) { self.caseInsensitive = caseInsensitive }

    static func == (lhs: Fields, rhs: Fields) -> Bool {
        lhs.caseInsensitive == rhs.caseInsensitive
            && lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    private func matches(_ stored: String, _ wanted: String) -> Bool {
        caseInsensitive ? stored.lowercased() == wanted.lowercased() : stored == wanted
    }

    func first(_ name: String) -> String? {
        pairs.first { matches($0.name, name) }?.value
    }

    func all(_ name: String) -> [String] {
        pairs.filter { matches($0.name, name) }.map(\.value)
    }

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    mutating func remove(_ name: String) {
        let kept = pairs.filter { !matches($0.name, name) }
        pairs = kept
    }
}
