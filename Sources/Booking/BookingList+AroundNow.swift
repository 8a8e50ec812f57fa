public import Foundation
public import Postgres

/// A business's bookings nearest the present, for choosing one by hand (the
/// console's editor previews a message with one): the next few and the
/// last few, whatever their status, by the database clock.
extension BookingList {
    /// Two walks of bookings_by_start (business_id, starts_at, id) from
    /// `booknow_now()`, forwards and backwards, each stopping after $2 rows:
    /// bounded however many bookings the business has. The outer ORDER BY
    /// keeps the upcoming ones first, soonest first, then the recent ones,
    /// latest first.
    static let aroundNow = """
        SELECT item, upcoming FROM (
            (SELECT \(view) AS item, true AS upcoming, bk.starts_at, bk.id FROM bookings bk \(joins)
             WHERE bk.business_id = $1 AND bk.starts_at >= booknow_now()
             ORDER BY bk.starts_at, bk.id LIMIT $2)
            UNION ALL
            (SELECT \(view) AS item, false AS upcoming, bk.starts_at, bk.id FROM bookings bk \(joins)
             WHERE bk.business_id = $1 AND bk.starts_at < booknow_now()
             ORDER BY bk.starts_at DESC, bk.id DESC LIMIT $2)
        ) near
        ORDER BY upcoming DESC, CASE WHEN upcoming THEN starts_at END, starts_at DESC, id
        """

    /// Up to `count` bookings starting from now on and up to `count` that
    /// started before, each as `page`'s JSON.
    public static func aroundNow(business: UUID, count: Int, on connection: Connection) throws -> (upcoming: [String], recent: [String]) {
        var upcoming: [String] = []
        var recent: [String] = []
        for row in try connection.query(aroundNow, [business, count]) {
            let item = try row.decode(String.self, "item")
            if try row.decode(Bool.self, "upcoming") { upcoming.append(item) } else { recent.append(item) }
        }
        return (upcoming, recent)
    }
}
