/// The set of keys a configuration may contain.
///
/// Anything not in the catalogue is an error, so a misspelt key fails loudly
/// instead of silently keeping its default.
public struct ConfigCatalogue: Sendable {
    /// Keys in documentation order.
    public let keys: [ConfigKey]
    private let index: [String: Int]

    /// Builds a catalogue; duplicate keys and defaults that do not parse are programmer errors and trap.
    public init(_ keys: [ConfigKey]) {
        var index: [String: Int] = [:]
        for (position, key) in keys.enumerated() {
            precondition(index.updateValue(position, forKey: key.dotted) == nil, "duplicate config key \(key.dotted)")
            if let text = key.defaultText {
                do { _ = try key.type.parse(text) } catch { preconditionFailure("default of \(key.dotted): \(error.message)") }
            }
        }
        self.keys = keys
        self.index = index
    }

    /// The key named `section.name`, or nil.
    public func key(_ dotted: String) -> ConfigKey? {
        index[dotted].map { keys[$0] }
    }

    /// Every section, in documentation order.
    public var sections: [String] {
        var seen: Set<String> = []
        return keys.map(\.section).filter { seen.insert($0).inserted }
    }
}
