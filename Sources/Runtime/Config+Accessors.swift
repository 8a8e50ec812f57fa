public import Foundation

/// Typed reads. Asking for a key that is not in the catalogue, with the
/// wrong type, or for an unset optional key with a non-optional accessor is
/// a programmer error and traps: loading already proved every value valid.
extension Config {
    public func string(_ key: String) -> String {
        guard case .string(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func int(_ key: String) -> Int {
        guard case .int(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func duration(_ key: String) -> Duration {
        guard case .duration(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func bool(_ key: String) -> Bool {
        guard case .bool(let value) = require(key) else { wrongType(key) }
        return value
    }

    /// The value of a `oneOf` key.
    public func word(_ key: String) -> String {
        guard case .word(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func list(_ key: String) -> [String] {
        guard case .list(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func path(_ key: String) -> String {
        guard case .path(let value) = require(key) else { wrongType(key) }
        return value
    }

    public func url(_ key: String) -> URL {
        guard case .url(let value) = require(key) else { wrongType(key) }
        return value
    }

    /// The secret of a secret-file key, or nil when neither the key nor a credential provides one.
    public func secret(_ key: String) -> Secret? {
        switch value(key) {
        case nil: return nil
        case .secret(_, let secret): return secret
        default: wrongType(key)
        }
    }

    private func require(_ key: String) -> ConfigValue {
        guard let value = value(key) else { preconditionFailure("\(key) is optional and unset") }
        return value
    }

    private func wrongType(_ key: String) -> Never {
        preconditionFailure("\(key) is not read with its catalogue type")
    }
}
