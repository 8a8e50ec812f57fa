public import Foundation
public import Postgres
import Vocabulary

/// Flood mode per business (`public_floods`): on while its public bookings of
/// the last hour reach its threshold. Each start and each end enqueues one
/// notice to the business; while it lasts, a check every ten minutes notices
/// its end even when no one books any more.
public enum PublicFloods {
    static let selectOpen = "SELECT ended_at IS NULL AS open FROM public_floods WHERE business_id = $1"
    // Transitions of one business take turns, so each start and end is told once.
    static let lockBusiness = "SELECT pg_advisory_xact_lock(hashtextextended('public_flood:' || $1::text, 14))"
    static let start = """
        INSERT INTO public_floods (business_id, started_at) VALUES ($1, booknow_now())
        ON CONFLICT (business_id) DO UPDATE SET started_at = booknow_now(), ended_at = NULL
        RETURNING extract(epoch FROM started_at)::bigint AS at, booknow_now() + interval '10 minutes' AS next_check
        """
    static let end = "UPDATE public_floods SET ended_at = booknow_now() WHERE business_id = $1 RETURNING extract(epoch FROM ended_at)::bigint AS at"
    /// Businesses in flood mode now, for the gauge.
    public static let selectFlooding = "SELECT business_id FROM public_floods WHERE ended_at IS NULL"

    static func isOpen(_ business: UUID, on connection: Connection) throws -> Bool {
        try connection.query(selectOpen, [business]).first?.decode(Bool.self, "open") ?? false
    }

    /// Starts or ends `business`'s flood mode when `flooding` says it changed.
    static func update(business: UUID, flooding: Bool, outbox: any WorkOutbox, on connection: Connection) throws {
        guard try isOpen(business, on: connection) != flooding else { return }
        try connection.execute(lockBusiness, [business])
        guard try isOpen(business, on: connection) != flooding else { return }
        if flooding {
            let row = try connection.query(start, [business])[0]
            let at = try row.decode(Int.self, "at")
            try outbox.enqueue([notice(business, .started, at: at), check(business, at: try row.decode(Date.self, "next_check"))],
                               on: connection)
        } else {
            let at = try connection.query(end, [business])[0].decode(Int.self, "at")
            try outbox.enqueue([notice(business, .ended, at: at)], on: connection)
        }
    }

    /// `at`: seconds since 1970, as the transition's row returns it.
    static func notice(_ business: UUID, _ state: PublicFloodNoticePayload.State, at: Int) -> OutboxItem {
        let payload = PublicFloodNoticePayload(state: state, at: Date(timeIntervalSince1970: Double(at)))
        return OutboxItem(.publicFloodNotice(payload), businessID: business, dedupeKey: payload.dedupeKey(business: business))
    }

    static func check(_ business: UUID, at: Date) -> OutboxItem {
        OutboxItem(.publicFloodCheck(PublicFloodCheckPayload()), businessID: business, runAt: at,
                   dedupeKey: PublicFloodCheckPayload.dedupeKey(business: business, at: at))
    }

    /// The `public_flood_check` job: ends the flood when its hour has calmed,
    /// else checks again in ten minutes. True while the flood lasts.
    @discardableResult
    public static func recheck(business: UUID, gate: PublicGate, on connection: Connection) throws -> Bool {
        guard try isOpen(business, on: connection) else { return false }
        let flooding = try gate.isFlooded(business, limits: try gate.businessLimits(business, on: connection), on: connection)
        if flooding {
            let next = try connection.query("SELECT booknow_now() + interval '10 minutes' AS at")[0].decode(Date.self, "at")
            try gate.outbox.enqueue([check(business, at: next)], on: connection)
        }
        return flooding
    }

    /// What a notice tells: the business's name and contact address, and its flood's times.
    public struct Notice: Sendable {
        public let businessName: String
        /// Where the notice goes: the business's reply-to address; nil when it has none.
        public let address: String?
        public let recentPublicBookings: Int
        public let threshold: Int
    }

    static let selectNotice = """
        SELECT b.name, b.reply_to,
               (SELECT count(*)::int FROM public_bookings p WHERE p.business_id = b.id AND p.created_at > booknow_now() - interval '1 hour') AS recent
        FROM businesses b WHERE b.id = $1
        """

    public static func notice(business: UUID, gate: PublicGate, on connection: Connection) throws -> Notice? {
        guard let row = try connection.query(selectNotice, [business]).first else { return nil }
        return Notice(businessName: try row.decode(String.self, "name"), address: try row.decode(String?.self, "reply_to"),
                      recentPublicBookings: try row.decode(Int.self, "recent"),
                      threshold: try gate.businessLimits(business, on: connection).floodBookingsPerHour)
    }
}
