import Foundation

extension Arguments {
    /// Removes `--name ID` and returns the id; a missing or malformed id is a usage error.
    mutating func requiredID(_ name: String) throws -> UUID {
        guard let text = try option(name) else { throw CLIError(.usage, "\(name) ID is required") }
        guard let id = UUID(uuidString: text) else { throw CLIError(.usage, "\(name) takes an id (a UUID), not '\(text)'") }
        return id
    }
}
