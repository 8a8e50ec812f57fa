import Booking
import Foundation
import HTTPServer
import Postgres
import Runtime

/// The public doors' settings from `[http]` and `[public]`, and their metrics:
/// refusals by reason, and flood mode per business.
enum PublicDoorsSetup {
    static func limits(_ config: Config) -> PublicLimits {
        PublicLimits(
            messagesPerRecipientPerDay: config.int("public.messages_per_recipient_per_day"),
            openBookingsPerContact: config.int("public.open_bookings_per_contact"),
            submissionsPerAddressPerHour: config.int("public.submissions_per_address_per_hour"),
            minimumFillSeconds: Int(config.duration("public.min_fill_time").components.seconds),
            floodBookingsPerHour: config.int("public.flood_bookings_per_hour"),
            holdLifetime: Double(config.duration("public.hold_lifetime").components.seconds))
    }

    /// `http.trusted_proxies`, checked: a typo must stop the start (78), not trust nothing silently.
    static func trustedProxies(_ config: Config) throws -> TrustedProxies {
        let proxies: TrustedProxies
        do {
            proxies = try TrustedProxies(config.list("http.trusted_proxies"))
        } catch {
            throw StartupFailure(code: "trusted_proxies_invalid", message: "http.trusted_proxies: \(error)", exitCode: 78)
        }
        if config.int("http.per_client_connection_limit") == 0, proxies.isEmpty {
            throw StartupFailure(
                code: "connection_cap_off",
                message: "http.per_client_connection_limit = 0 turns the per-client cap off, which is safe only when every peer is a trusted proxy: set http.trusted_proxies, or a cap",
                exitCode: 78)
        }
        return proxies
    }

    static func doors(_ config: Config, metrics: MetricsRegistry, now: @escaping @Sendable () -> Date) -> PublicDoors {
        for reason in PublicRefusal.Reason.allCases { counter(metrics, reason) }
        return PublicDoors(limits: limits(config), onRefusal: { counter(metrics, $0).increment() }, now: now)
    }

    @discardableResult
    static func counter(_ metrics: MetricsRegistry, _ reason: PublicRefusal.Reason) -> Counter {
        metrics.counter("booknow_public_refusals_total", help: "Public writes (booking page, public API key) refused by a limit, by reason.",
                        labels: ["reason": reason.rawValue])
    }

    /// `booknow_public_flood_mode{business}`: 1 while a business's public bookings are holds; read at scrape time.
    static func registerFloodGauge(_ metrics: MetricsRegistry, pool: ConnectionPool) {
        metrics.callbackGauges(
            "booknow_public_flood_mode",
            help: "1 for each business whose public bookings are currently holds confirmed by email (flood mode)."
        ) {
            guard let rows = try? pool.withConnection({ try $0.query(PublicFloods.selectFlooding) }) else { return [:] }
            var values: [[String: String]: Double] = [:]
            for row in rows {
                if let id = try? row.decode(UUID.self, "business_id") { values[["business": id.uuidString.lowercased()]] = 1 }
            }
            return values
        }
    }
}
