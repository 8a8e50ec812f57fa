/// A reason the application cannot be assembled, with the exit code that tells
/// systemd whether to retry (69: the database is unreachable, try again; 78:
/// configuration, restarting will not help).
public struct StartupFailure: Error, CustomStringConvertible {
    /// Stable, snake_case: `link_key_missing`, `incompatible_schema`, `transport_configuration`, …
    public let code: String
    /// What to fix; never a secret.
    public let message: String
    public let exitCode: Int32

    public init(code: String, message: String, exitCode: Int32) {
        self.code = code
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
