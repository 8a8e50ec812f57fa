public import Foundation
public import Postgres

extension AdminTable {
    /// Locations: a name, an IANA zone (checked by the API) and an address.
    /// Listed by creation, the order admins added them in.
    public static let locations = AdminTable(
        list: "SELECT \(locationView) AS item FROM locations t WHERE t.business_id = $1 ORDER BY t.created_at, t.id",
        filters: [],
        get: "SELECT \(locationView) AS item FROM locations t WHERE t.business_id = $1 AND t.id = $2",
        insert: """
            INSERT INTO locations AS t (business_id, name, time_zone, address)
            SELECT $1, r.name, r.time_zone, r.address FROM jsonb_populate_record(NULL::locations, $2::jsonb) r
            RETURNING \(locationView) AS item
            """,
        update: """
            UPDATE locations t SET (name, time_zone, address) =
                (SELECT r.name, r.time_zone, r.address FROM jsonb_populate_record(t, $3::jsonb) r)
            WHERE t.business_id = $1 AND t.id = $2 RETURNING \(locationView) AS item
            """,
        // Providers, bookings and waitlist entries reference locations without
        // cascading (closures cascade): deleting a location in use fails with 23503.
        delete: "DELETE FROM locations t WHERE t.business_id = $1 AND t.id = $2 RETURNING \(locationView) AS item")

    static let locationView = """
        jsonb_build_object('id', t.id, 'name', t.name, 'time_zone', t.time_zone, 'address', t.address, 'created_at', t.created_at)
        """

    /// Providers of a location, with the services they offer (from
    /// `provider_services`, by its primary key's leading columns).
    public static let providers = AdminTable(
        list: """
            SELECT \(providerView) AS item FROM providers t
            WHERE t.business_id = $1 AND ($2::uuid IS NULL OR t.location_id = $2) ORDER BY t.created_at, t.id
            """,
        filters: ["location"],
        get: "SELECT \(providerView) AS item FROM providers t WHERE t.business_id = $1 AND t.id = $2",
        // The composite foreign key (business_id, location_id) refuses another
        // business's location: 23503.
        insert: """
            INSERT INTO providers AS t (business_id, location_id, name, email, phone, notify_by_email)
            SELECT $1, r.location_id, r.name, r.email, r.phone, r.notify_by_email FROM jsonb_populate_record(NULL::providers, $2::jsonb) r
            RETURNING \(providerView) AS item
            """,
        update: """
            UPDATE providers t SET (location_id, name, email, phone, notify_by_email) =
                (SELECT r.location_id, r.name, r.email, r.phone, r.notify_by_email FROM jsonb_populate_record(t, $3::jsonb) r)
            WHERE t.business_id = $1 AND t.id = $2 RETURNING \(providerView) AS item
            """,
        // Rules, time off and service links cascade; bookings and waitlist entries do not (23503).
        delete: "DELETE FROM providers t WHERE t.business_id = $1 AND t.id = $2 RETURNING \(providerView) AS item")

    static let providerView = """
        jsonb_build_object('id', t.id, 'location_id', t.location_id, 'name', t.name, 'email', t.email, 'phone', t.phone,
            'notify_by_email', t.notify_by_email, 'created_at', t.created_at,
            'service_ids', (SELECT coalesce(jsonb_agg(ps.service_id ORDER BY ps.service_id), '[]') FROM provider_services ps
                            WHERE ps.business_id = t.business_id AND ps.provider_id = t.id))
        """

    /// Services: lengths of time are whole minutes in the API and intervals
    /// in the table (the API sends "N minutes"). The price is one object in
    /// the API (`amount_minor`, `currency`) or null, two columns in the table.
    public static let services = AdminTable(
        list: "SELECT \(serviceView) AS item FROM services t WHERE t.business_id = $1 ORDER BY t.created_at, t.id",
        filters: [],
        get: "SELECT \(serviceView) AS item FROM services t WHERE t.business_id = $1 AND t.id = $2",
        insert: """
            INSERT INTO services AS t (business_id, name, duration, buffer_before, buffer_after, slot_step, description, price_minor, price_currency)
            SELECT $1, r.name, r.duration, r.buffer_before, r.buffer_after, r.slot_step, r.description, r.price_minor, r.price_currency
            FROM jsonb_populate_record(NULL::services, $2::jsonb) r
            RETURNING \(serviceView) AS item
            """,
        update: """
            UPDATE services t SET (name, duration, buffer_before, buffer_after, slot_step, description, price_minor, price_currency) =
                (SELECT r.name, r.duration, r.buffer_before, r.buffer_after, r.slot_step, r.description, r.price_minor, r.price_currency
                 FROM jsonb_populate_record(t, $3::jsonb) r)
            WHERE t.business_id = $1 AND t.id = $2 RETURNING \(serviceView) AS item
            """,
        // Provider links cascade; bookings and waitlist entries do not (23503).
        delete: "DELETE FROM services t WHERE t.business_id = $1 AND t.id = $2 RETURNING \(serviceView) AS item")

    static let serviceView = """
        jsonb_build_object('id', t.id, 'name', t.name, 'duration_minutes', \(minutes("t.duration")),
            'buffer_before_minutes', \(minutes("t.buffer_before")), 'buffer_after_minutes', \(minutes("t.buffer_after")),
            'slot_step_minutes', \(minutes("t.slot_step")), 'description', t.description,
            'price', CASE WHEN t.price_minor IS NOT NULL THEN jsonb_build_object('amount_minor', t.price_minor, 'currency', t.price_currency) END,
            'created_at', t.created_at)
        """

    /// An elapsed-time interval as whole minutes (the schema allows no others).
    static func minutes(_ column: String) -> String {
        "(extract(epoch FROM \(column)) / 60)::int"
    }
}

/// Which services a provider offers (`provider_services`).
extension AdminTable {
    /// Linking twice is harmless. The composite foreign keys refuse another business's ids.
    static let linkService = """
        INSERT INTO provider_services (business_id, provider_id, service_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
        """
    /// By primary key.
    static let unlinkService = "DELETE FROM provider_services WHERE business_id = $1 AND provider_id = $2 AND service_id = $3"

    /// Lets `provider` offer `service`; returns the provider as `providers` shows it.
    /// - Throws: `BookingError` `notFound` for an id that is not this business's.
    public static func offer(business: UUID, provider: UUID, service: UUID, on connection: Connection) throws -> String {
        _ = try BookingError.translatingRefusals { try connection.execute(linkService, [business, provider, service]) }
        return try providers.get(business: business, id: provider, on: connection)
    }

    /// Stops `provider` offering `service`; returns the provider as `providers` shows it.
    /// - Throws: `BookingError` `notFound` when the provider did not offer it (or is not this business's).
    public static func withdraw(business: UUID, provider: UUID, service: UUID, on connection: Connection) throws -> String {
        guard try connection.execute(unlinkService, [business, provider, service]) > 0 else {
            throw BookingError(.notFound, "the provider does not offer this service")
        }
        return try providers.get(business: business, id: provider, on: connection)
    }
}

extension AdminTable {
    /// Makes `provider` offer exactly `services`, through `offer` and
    /// `withdraw` one link at a time, inside the caller's transaction; returns
    /// the services added and removed, each in id order. The links it starts
    /// from are `providers`' `service_ids`.
    /// - Throws: `BookingError` `notFound` when the provider or a service is
    ///   not this business's (the caller's transaction then rolls back whatever
    ///   was linked before).
    public static func offerOnly(_ services: Set<UUID>, business: UUID, provider: UUID,
                                 on connection: Connection) throws -> (offered: [UUID], withdrawn: [UUID]) {
        let item = try providers.get(business: business, id: provider, on: connection)
        let current = ((try? JSONSerialization.jsonObject(with: Data(item.utf8))) as? [String: Any])?["service_ids"] as? [String] ?? []
        let before = Set(current.compactMap(UUID.init(uuidString:)))
        let offered = services.subtracting(before).sorted { $0.uuidString < $1.uuidString }
        let withdrawn = before.subtracting(services).sorted { $0.uuidString < $1.uuidString }
        for service in offered { _ = try offer(business: business, provider: provider, service: service, on: connection) }
        for service in withdrawn { _ = try withdraw(business: business, provider: provider, service: service, on: connection) }
        return (offered, withdrawn)
    }
}
