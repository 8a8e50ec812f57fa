public import Foundation

/// Typed reads. Asking for a key that is not in the catalogue, with the
/// wrong type, or for an unset optional key with a non-optional accessor is
/// a programmer error and traps: loading already proved every value valid.
extension Config {
    public func string(_ key: String) -> String { typed(key) { if case .string(let v) = $0 { v } else { nil } } }
    public func int(_ key: String) -> Int { typed(key) { if case .int(let v) = $0 { v } else { nil } } }
    public func duration(_ key: String) -> Duration { typed(key) { if case .duration(let v) = $0 { v } else { nil } } }
    public func bool(_ key: String) -> Bool { typed(key) { if case .bool(let v) = $0 { v } else { nil } } }
    /// The value of a `oneOf` key.
    public func word(_ key: String) -> String { typed(key) { if case .word(let v) = $0 { v } else { nil } } }
    public func list(_ key: String) -> [String] { typed(key) { if case .list(let v) = $0 { v } else { nil } } }
    public func path(_ key: String) -> String { typed(key) { if case .path(let v) = $0 { v } else { nil } } }
    public func url(_ key: String) -> URL { typed(key) { if case .url(let v) = $0 { v } else { nil } } }

    /// The secret of a secret-file key, or nil when neither the key nor a credential provides one.
    /// The text of an optional key, or nil when unset (any type but secrets).
    public func optionalText(_ key: String) -> String? {
        switch value(key) {
        case .string(let v)?, .word(let v)?, .path(let v)?: v
        case .url(let v)?: v.absoluteString
        default: nil
        }
    }

    public func secret(_ key: String) -> Secret? {
        guard value(key) != nil else { return nil }
        return typed(key) { if case .secret(_, let v) = $0 { v } else { nil } }
    }

    private func typed<T>(_ key: String, _ extract: (ConfigValue) -> T?) -> T {
        guard let value = value(key) else { preconditionFailure("\(key) is optional and unset") }
        guard let typed = extract(value) else { preconditionFailure("\(key) is not read with its catalogue type") }
        return typed
    }
}

extension Config {
    /// The base of the links customers get: `http.public_base_url`, or when
    /// unset the address and port the daemon listens on (a wildcard address
    /// as loopback, which is all such a link can reach).
    public var publicBaseURL: URL {
        if let text = optionalText("http.public_base_url"), let url = URL(string: text) { return url }
        var host = string("http.address")
        if host == "0.0.0.0" || host == "::" || host.isEmpty { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        return URL(string: "http://\(host):\(int("http.port"))")!
    }
}
