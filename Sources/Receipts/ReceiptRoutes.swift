public import Foundation
public import HTTPServer
public import Postgres
public import Runtime

/// The provider callback routes: Twilio status callbacks and inbound SMS, and
/// the signed email-event webhook.
///
/// Every route checks its provider's signature before it reads the body's
/// meaning, and answers 404 while its secret is not configured. Handlers run
/// on libmicrohttpd pool threads and block on libpq; a receipt and the
/// suppression it implies are written in one transaction, so a provider's
/// retry after a failure never finds half of it. Nothing here logs a
/// recipient, a message body or a signature.
public enum ReceiptRoutes {
    /// Paths, also the suffixes of the URLs Twilio signs.
    static let twilioStatusPath = "/v1/providers/twilio/status"
    static let twilioInboundPath = "/v1/providers/twilio/inbound"
    static let emailEventsPath = "/v1/providers/email/events"

    /// What every handler shares; immutable, so pool threads read it freely.
    struct Context: Sendable {
        let pool: ConnectionPool
        let settings: ReceiptSettings
        let metrics: ReceiptMetrics
        let logger: Logger
        let now: @Sendable () -> Date
    }

    /// Registers the three routes on `router`.
    ///
    /// - Parameter now: the wall clock email timestamps are checked against —
    ///   the provider's real time, not the test-movable booking clock.
    public static func register(on router: inout Router, pool: ConnectionPool, settings: ReceiptSettings,
                                metrics: MetricsRegistry, logger: Logger,
                                now: @escaping @Sendable () -> Date = { Date() }) {
        let context = Context(pool: pool, settings: settings, metrics: ReceiptMetrics(metrics),
                              logger: logger.with(["component": "receipts"]), now: now)
        router.post(twilioStatusPath) { try twilioStatus($0, context) }
        router.post(twilioInboundPath) { try twilioInbound($0, context) }
        router.post(emailEventsPath) { try emailEvents($0, context) }
    }

    /// Runs `body` in a transaction, turning database failures into a 503 the
    /// provider retries. The log names the SQLSTATE only: a constraint's detail
    /// text would quote the row, recipient included.
    @discardableResult
    static func write<T>(_ context: Context, route: String, _ body: (Connection) throws -> T) throws -> T {
        do {
            return try context.pool.withTransaction(body)
        } catch let error as PostgresError {
            context.logger.error("receipt not recorded", [
                "route": LogValue(route), "code": LogValue(error.code.rawValue), "sqlstate": LogValue(error.sqlState ?? "-"),
            ])
            throw Problem(status: 503, code: "database_unavailable", title: "Service unavailable",
                          detail: "The receipt could not be recorded right now; retry shortly.")
        }
    }

    /// 404 while the route's secret is not configured: the route exists in
    /// code, but this daemon cannot verify its callers.
    static func notConfigured(_ what: String) -> Problem {
        Problem(status: 404, code: "not_configured", title: "Not Found",
                detail: "This daemon has no \(what) configured, so it accepts no such callbacks.")
    }

    /// 403 for a missing or wrong signature; the detail says which header, never the expected value.
    static func invalidSignature(_ header: String) -> Problem {
        Problem(status: 403, code: "invalid_signature", title: "Forbidden",
                detail: "The \(header) header is missing or does not match the request.")
    }

    /// 400 for a body that is not what the provider sends.
    static func invalidBody(_ detail: String) -> Problem {
        Problem(status: 400, code: "invalid_body", title: "Bad Request", detail: detail)
    }

    /// The secret's text, or nil when it is unset or empty (an empty key verifies nothing).
    static func key(_ secret: Secret?) -> String? {
        secret.map { $0.reveal() }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
