public import Booking
import Bootstrap
import Foundation
import Postgres
public import Runtime
import Templates

/// The start-up checks that need no database, run by every start and by
/// `--check-config`, so a configuration that checks out does not then fail
/// at start for a reason the check could have seen.
extension Application {
    /// Checks the connection settings, the link key, the trusted proxies, the
    /// templates folder and (when the worker runs) the transports; URLs were
    /// checked by loading.
    ///
    /// - Throws: `StartupFailure` with exit code 78 saying what to fix.
    public static func check(_ config: Config) throws {
        do {
            _ = try ConnectionConfiguration(config: config, applicationName: "booknowd")
        } catch {
            throw StartupFailure(code: "database_configuration", message: "\(error)", exitCode: 78)
        }
        _ = try manageTokens(config)
        _ = try PublicDoorsSetup.trustedProxies(config)
        try checkTemplates(config)
        if config.bool("worker.enabled") {
            do {
                try TransportSetup.check(config)
            } catch {
                throw StartupFailure(code: "transport_configuration", message: "cannot set up delivery: \(error)", exitCode: 78)
            }
        }
    }

    /// A missing or incomplete templates folder would start fine and then
    /// dead-letter every message; refuse instead, naming the folder and files.
    static func checkTemplates(_ config: Config) throws {
        if let problem = TemplateFolderCheck(root: templatesRoot(config)).problem() {
            throw StartupFailure(
                code: "templates_incomplete",
                message: "templates.directory (\(config.origin("templates.directory") ?? "default")): \(problem)", exitCode: 78)
        }
        _ = try pageTemplates(config)
        _ = try consoleTemplates(config)
        if !(config.optionalText("ops.address") ?? "").isEmpty { _ = try opsTemplates(config) }
    }

    /// The key customers' manage links are derived from; without one no link can be made.
    public static func manageTokens(_ config: Config) throws -> ManageToken {
        guard let key = config.secret("security.link_key_file")?.reveal(), key.utf8.count >= 16 else {
            throw StartupFailure(
                code: "link_key_missing",
                message: "security.link_key_file must name a file holding a random key of at least 16 characters (head -c 32 /dev/urandom | base64 > FILE)",
                exitCode: 78)
        }
        return ManageToken(key: Array(key.utf8))
    }
}
