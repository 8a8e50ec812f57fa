import Accounts
import Booking
import Bootstrap
import BusinessConsole
import Delivery
import Foundation
import Notifications
import OpsConsole
import Pages
import Postgres
import Queue
import Runtime
import TemplateOverrides
import Templates
import Vocabulary
import Web

/// The page surfaces: the customer pages and the business console on the
/// public listener, the operator console on its own. Both consoles share the
/// API's pool: their statements are short and bounded.
extension Application {
    /// The customer pages, from `templates.directory`/pages; a folder that is
    /// missing or incomplete stops the start (exit 78) rather than every page.
    static func customerPages(config: Config, pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken,
                              now: @escaping @Sendable () -> Date, doors: PublicDoors, availabilityCache: AvailabilityCache?) throws -> CustomerPages {
        CustomerPages(
            pool: pool, outbox: outbox, manageTokens: manageTokens, templates: try pageTemplates(config),
            linkKey: linkKey(config), publicBaseURL: config.publicBaseURL,
            calendarDomain: config.string("email.message_id_domain"), doors: doors, now: now,
            availabilityCache: availabilityCache)
    }

    /// The business console. Its sign-in links go out through the worker's
    /// email transport (`workerMail`) when this daemon runs the worker, and
    /// through one of their own, configured as the worker's, when it does not.
    static func businessConsole(config: Config, pool: ConnectionPool, bookings: BookingStore, workerMail: (any Transport)?,
                                overrides: Overrides) throws -> BusinessConsole {
        let templates = try consoleTemplates(config)
        let transport: any Transport
        do {
            transport = try overrides.consoleMail ?? workerMail ?? Application.transport(.email, config: config)
        } catch {
            throw StartupFailure(code: "transport_configuration", message: "cannot set up the console's email: \(error)", exitCode: 78)
        }
        return BusinessConsole(
            pool: pool, templates: templates, linkKey: linkKey(config), publicBaseURL: config.publicBaseURL,
            mail: try consoleMail(config: config, transport: transport, texts: templates),
            editor: TemplateOverrideEditor(store: TemplateOverrideStore(pool: pool), defaults: DirectoryTemplateStore(root: templatesRoot(config))),
            bookings: bookings, throttle: overrides.consoleThrottle ?? SignInThrottle(kind: "admin"))
    }

    /// The operator console, or nil when `[ops] address` is empty.
    static func opsConsole(config: Config, pool: ConnectionPool, overrides: Overrides) throws -> OpsConsole? {
        guard let address = config.optionalText("ops.address"), !address.isEmpty else { return nil }
        var registry = JobRegistry()
        NotificationKinds.addReplayChecks(to: &registry)
        let host = address.contains(":") ? "[\(address)]" : address
        return OpsConsole(
            pool: pool, templates: try opsTemplates(config), linkKey: linkKey(config),
            baseURL: URL(string: "http://\(host):\(config.int("ops.port"))") ?? config.publicBaseURL,
            secureCookies: config.publicBaseURL.scheme == "https", registry: registry, knownQueues: JobKind.queues,
            accounts: overrides.operatorAccounts ?? OperatorAccounts(), throttle: overrides.opsThrottle ?? SignInThrottle())
    }

    /// The key forms and links are signed with (`security.link_key_file`); the checks refuse a short one.
    static func linkKey(_ config: Config) -> [UInt8] {
        Array((config.secret("security.link_key_file")?.reveal() ?? "").utf8)
    }

    /// The customer pages' templates, texts and assets (`templates.directory`/pages).
    static func pageTemplates(_ config: Config) throws -> PageTemplates {
        try folderTemplates { try PageTemplates(directory: templatesRoot(config).appendingPathComponent("pages")) }
    }

    /// The business console's templates, texts and assets (`templates.directory`/console).
    static func consoleTemplates(_ config: Config) throws -> PageTemplates {
        try folderTemplates { try BusinessConsole.templates(root: templatesRoot(config)) }
    }

    /// The operator console's templates, texts and assets (`templates.directory`/ops).
    static func opsTemplates(_ config: Config) throws -> PageTemplates {
        try folderTemplates { try PageTemplates(directory: templatesRoot(config).appendingPathComponent("ops")) }
    }

    private static func folderTemplates(_ load: () throws -> PageTemplates) throws -> PageTemplates {
        do {
            return try load()
        } catch let error as WebError {
            throw StartupFailure(code: error.code.rawValue, message: "templates.directory: \(error.message)", exitCode: 78)
        }
    }
}
