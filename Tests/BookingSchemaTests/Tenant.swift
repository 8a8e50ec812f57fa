import Foundation
import Postgres

/// One business with a location, two providers, a service and a customer:
/// the rows a booking needs, created through plain SQL so the schema's own
/// defaults and constraints are what is tested.
struct Tenant {
    let business: UUID
    let location: UUID
    let providers: [UUID]
    let service: UUID
    let customer: UUID

    static let insertBusiness = "INSERT INTO businesses (name, time_zone) VALUES ($1, 'America/New_York') RETURNING id"
    static let insertLocation = "INSERT INTO locations (business_id, name, time_zone) VALUES ($1, 'Main St', 'America/New_York') RETURNING id"
    static let insertProvider = "INSERT INTO providers (business_id, location_id, name) VALUES ($1, $2, $3) RETURNING id"
    static let insertService = """
        INSERT INTO services (business_id, name, duration, buffer_after) VALUES ($1, 'Haircut', '30 minutes', '15 minutes') RETURNING id
        """
    static let insertCustomer = "INSERT INTO customers (business_id, name, email) VALUES ($1, 'Ada', 'ada@example.com') RETURNING id"
    /// `blocked` adds the service's 15 min cleanup, as the booking operation will.
    static let insertBooking = """
        INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                              status, hold_expires_at, cancellation_notice, manage_token_hash)
        VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + interval '30 minutes',
                tstzrange($6::timestamptz, $6::timestamptz + interval '45 minutes'),
                $7::text, CASE WHEN $7::text = 'held' THEN $6::timestamptz END, '24 hours', gen_random_bytes_for_test())
        RETURNING id
        """
    /// Manage-token hashes are 32 random bytes; pgcrypto is not installed, so two UUIDs stand in.
    static let tokenFunction = """
        CREATE FUNCTION gen_random_bytes_for_test() RETURNS bytea LANGUAGE sql VOLATILE
            AS $$ SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) $$
        """

    static func create(_ conn: Connection, name: String) throws -> Tenant {
        func id(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws -> UUID {
            try conn.query(sql, parameters)[0].decode(UUID.self, "id")
        }
        let business = try id(insertBusiness, [name])
        let location = try id(insertLocation, [business])
        return Tenant(
            business: business, location: location,
            providers: try ["Bea", "Cy"].map { try id(insertProvider, [business, location, $0]) },
            service: try id(insertService, [business]),
            customer: try id(insertCustomer, [business]))
    }

    /// Books `provider` at `start` with the given status and returns the booking's id.
    @discardableResult
    func book(_ conn: Connection, provider: UUID, at start: Date, status: String = "confirmed",
              location: UUID? = nil, service: UUID? = nil, customer: UUID? = nil) throws -> UUID {
        try conn.query(Self.insertBooking, [business, location ?? self.location, provider, service ?? self.service,
                                            customer ?? self.customer, start, status])[0].decode(UUID.self, "id")
    }
}
