import Foundation

extension Arguments {
    /// Removes `--name ID` and returns the id; a missing or malformed id is a usage error.
    mutating func requiredID(_ name: String) throws -> UUID {
        guard let id = try optionalID(name) else { throw CLIError(.usage, "\(name) ID is required") }
        return id
    }

    /// Removes `--name ID` if present; a malformed id is a usage error.
    mutating func optionalID(_ name: String) throws -> UUID? {
        guard let text = try option(name) else { return nil }
        guard let id = UUID(uuidString: text) else { throw CLIError(.usage, "\(name) takes an id (a UUID), not '\(text)'") }
        return id
    }
}
