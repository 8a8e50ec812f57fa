import Booking
import Bootstrap
import Delivery
import BusinessConsole
import Foundation
import Postgres
import Runtime
import TemplateOverrides
import Templates
import Web

extension Daemon {
    /// The business console on the public listener, sharing the API's pool
    /// (its statements are short and bounded). Its sign-in links go out
    /// through an email transport of its own, configured as the worker's.
    static func businessConsole(config: Config, pool: ConnectionPool, bookings: BookingStore) throws -> BusinessConsole {
        let templates = try consoleTemplates(config)
        let transport: any Transport
        do {
            transport = try TransportSetup.email(config)
        } catch {
            throw StartupFailure(code: "transport_configuration", message: "cannot set up the console's email: \(error)", exitCode: 78)
        }
        return BusinessConsole(
            pool: pool, templates: templates, linkKey: Array((config.secret("security.link_key_file")?.reveal() ?? "").utf8),
            publicBaseURL: config.publicBaseURL,
            mail: ConsoleMail(transport: transport, texts: templates, fromAddress: config.string("email.from_address"),
                             messageIDDomain: config.string("email.message_id_domain"), publicBaseURL: config.publicBaseURL),
            editor: TemplateOverrideEditor(store: TemplateOverrideStore(pool: pool),
                                           defaults: DirectoryTemplateStore(root: URL(fileURLWithPath: config.path("templates.directory")))),
            bookings: bookings)
    }

    /// The console's templates, texts and assets (`templates.directory`/console).
    static func consoleTemplates(_ config: Config) throws -> PageTemplates {
        do {
            return try BusinessConsole.templates(root: URL(fileURLWithPath: config.path("templates.directory")))
        } catch {
            throw StartupFailure(code: error.code.rawValue, message: "templates.directory: \(error.message)", exitCode: 78)
        }
    }
}
