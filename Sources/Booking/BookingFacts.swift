public import Foundation
public import Postgres

/// What a message about one booking says, read from the database: the
/// facts a template preview with a real booking is rendered from.
public struct BookingFacts: Sendable {
    public let customerName: String
    public let customerEmail: String?
    public let customerPhone: String?
    public let customerLocale: String
    public let start: Date
    public let end: Date
    public let serviceName: String
    public let providerName: String
    public let locationName: String
    public let locationAddress: String
    public let timeZone: String
    public let businessName: String

    /// One booking by primary key with its names; each join is a primary-key lookup.
    static let select = """
        SELECT c.name AS customer_name, c.email, c.phone, c.locale, bk.starts_at, bk.ends_at, s.name AS service_name,
               p.name AS provider_name, l.name AS location_name, l.address, l.time_zone, b.name AS business_name
        FROM bookings bk
        JOIN businesses b ON b.id = bk.business_id
        \(BookingList.joins)
        WHERE bk.business_id = $1 AND bk.id = $2
        """

    /// - Throws: `BookingError` `notFound`.
    public static func load(business: UUID, booking: UUID, on connection: Connection) throws -> BookingFacts {
        guard let row = try connection.query(select, [business, booking]).first else { throw BookingError.notFound("booking") }
        return BookingFacts(
            customerName: try row.decode(String.self, "customer_name"), customerEmail: try row.decode(String?.self, "email"),
            customerPhone: try row.decode(String?.self, "phone"), customerLocale: try row.decode(String.self, "locale"),
            start: try row.decode(Date.self, "starts_at"), end: try row.decode(Date.self, "ends_at"),
            serviceName: try row.decode(String.self, "service_name"), providerName: try row.decode(String.self, "provider_name"),
            locationName: try row.decode(String.self, "location_name"), locationAddress: try row.decode(String.self, "address"),
            timeZone: try row.decode(String.self, "time_zone"), businessName: try row.decode(String.self, "business_name"))
    }
}
