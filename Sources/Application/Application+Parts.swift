public import Booking
import Bootstrap
public import BusinessConsole
public import Delivery
import Foundation
public import Notifications
public import Postgres
public import Runtime
public import Vocabulary
public import Web

/// The parts `booknowctl` needs without a whole daemon, built exactly as the
/// assembled application builds them (the application itself uses these), so
/// a tool's booking, message or sign-in mail is the daemon's.
extension Application {
    /// The jobs table as the bookings' outbox, planning reminders `worker.reminder_horizon` ahead.
    public static func outbox(_ config: Config) -> QueueOutbox {
        QueueOutbox(reminders: ReminderPlanning(horizon: config.duration("worker.reminder_horizon")))
    }

    /// Booking operations over `pool` with the jobs table as their outbox and
    /// the daemon's link key, so the links in their messages work.
    /// - Throws: `StartupFailure` (`link_key_missing`) without a usable link key.
    public static func bookingStore(config: Config, pool: ConnectionPool) throws -> BookingStore {
        BookingStore(pool: pool, outbox: outbox(config), manageTokens: try manageTokens(config))
    }

    /// The transport `channel`'s messages go out through: `[email]`/`[smtp]` or `[sms]`.
    /// - Throws: `TransportSetup.Failure` or `DeliveryError` for settings that do not work.
    public static func transport(_ channel: Channel, config: Config) throws -> any Transport {
        switch channel {
        case .email: try TransportSetup.email(config)
        case .sms: try TransportSetup.sms(config)
        }
    }

    /// The business console's sign-in mail through `transport`, with the console's
    /// texts (`texts`, or read from `templates.directory`).
    /// - Throws: `StartupFailure` when `templates.directory` has no usable console folder.
    public static func consoleMail(config: Config, transport: any Transport, texts: PageTemplates? = nil) throws -> ConsoleMail {
        ConsoleMail(transport: transport, texts: try texts ?? consoleTemplates(config), fromAddress: config.string("email.from_address"),
                    messageIDDomain: config.string("email.message_id_domain"), publicBaseURL: config.publicBaseURL)
    }
}
