import Bootstrap
import Foundation
import Postgres
import Runtime
import Templates
import Web

/// The start-up checks that need no database, run by every start and by
/// `--check-config`, so a configuration that checks out does not then fail
/// at start for a reason the check could have seen.
extension Daemon {
    /// Checks the connection settings, the link key, the templates folder and
    /// (when the worker runs) the transports; URLs were checked by loading.
    ///
    /// - Throws: `StartupFailure` with exit code 78 saying what to fix.
    static func preflight(_ config: Config) throws {
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
        let root = URL(fileURLWithPath: config.path("templates.directory"))
        if let problem = TemplateFolderCheck(root: root).problem() {
            throw StartupFailure(
                code: "templates_incomplete",
                message: "templates.directory (\(config.origin("templates.directory") ?? "default")): \(problem)", exitCode: 78)
        }
        _ = try pageTemplates(config)
        _ = try consoleTemplates(config)
        if !(config.optionalText("ops.address") ?? "").isEmpty { _ = try opsTemplates(config) }
    }

    /// The customer pages' templates, texts and assets (`templates.directory`/pages).
    static func pageTemplates(_ config: Config) throws -> PageTemplates {
        do {
            return try PageTemplates(directory: URL(fileURLWithPath: config.path("templates.directory")).appendingPathComponent("pages"))
        } catch {
            throw StartupFailure(code: error.code.rawValue, message: "templates.directory: \(error.message)", exitCode: 78)
        }
    }
}
