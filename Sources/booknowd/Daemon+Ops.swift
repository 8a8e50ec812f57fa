import Foundation
import Notifications
import OpsConsole
import Postgres
import Queue
import Runtime
import Web
import Vocabulary

extension Daemon {
    /// The operator console on its own listener, or nil when `[ops] address` is empty.
    /// It shares the API's pool: its statements are short and bounded.
    static func opsConsole(config: Config, pool: ConnectionPool) throws -> OpsConsole? {
        guard let address = config.optionalText("ops.address"), !address.isEmpty else { return nil }
        var registry = JobRegistry()
        NotificationKinds.addReplayChecks(to: &registry)
        let host = address.contains(":") ? "[\(address)]" : address
        return OpsConsole(
            pool: pool, templates: try opsTemplates(config),
            linkKey: Array((config.secret("security.link_key_file")?.reveal() ?? "").utf8),
            baseURL: URL(string: "http://\(host):\(config.int("ops.port"))") ?? config.publicBaseURL,
            secureCookies: config.publicBaseURL.scheme == "https", registry: registry, knownQueues: JobKind.queues)
    }

    /// The console's templates, texts and assets (`templates.directory`/ops).
    static func opsTemplates(_ config: Config) throws -> PageTemplates {
        do {
            return try PageTemplates(directory: URL(fileURLWithPath: config.path("templates.directory")).appendingPathComponent("ops"))
        } catch {
            throw StartupFailure(code: error.code.rawValue, message: "templates.directory: \(error.message)", exitCode: 78)
        }
    }
}
