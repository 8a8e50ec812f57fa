public import Foundation
public import Postgres

/// Which services a provider offers: the rows of `provider_services` that
/// `/v1/admin/providers/{id}/services/{service_id}` and the business console
/// add and remove.
///
/// Availability reads these links on every request (the availability cache
/// keeps only rules, time off and bookings), so a change shows at once.
public enum ProviderServices {
    /// Linking twice is harmless. The composite foreign keys refuse another
    /// business's provider or service (23503).
    static let link = """
        INSERT INTO provider_services (business_id, provider_id, service_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
        """
    /// By primary key.
    static let unlink = "DELETE FROM provider_services WHERE business_id = $1 AND provider_id = $2 AND service_id = $3"
    /// By the primary key's leading columns.
    static let selectOffered = "SELECT service_id FROM provider_services WHERE business_id = $1 AND provider_id = $2"

    /// The provider offers the service from now on.
    /// - Throws: `BookingError` `notFound` when either is not the business's.
    public static func link(business: UUID, provider: UUID, service: UUID, on connection: Connection) throws {
        try BookingError.translating { try connection.execute(link, [business, provider, service]) }
    }

    /// The provider no longer offers the service.
    /// - Returns: false when it did not offer it (nothing changed).
    public static func unlink(business: UUID, provider: UUID, service: UUID, on connection: Connection) throws -> Bool {
        try connection.execute(unlink, [business, provider, service]) > 0
    }

    /// Makes the provider offer exactly `services`, link by link, inside the
    /// caller's transaction; returns the services added and removed.
    /// - Throws: `BookingError` `notFound` when the provider or one of the
    ///   services is not the business's (nothing is changed once the caller's
    ///   transaction rolls back).
    public static func replace(business: UUID, provider: UUID, with services: Set<UUID>,
                               on connection: Connection) throws -> (linked: [UUID], unlinked: [UUID]) {
        _ = try AdminTable.providers.get(business: business, id: provider, on: connection)
        let offered = Set(try connection.query(selectOffered, [business, provider]).map { try $0.decode(UUID.self, "service_id") })
        let linked = services.subtracting(offered).sorted { $0.uuidString < $1.uuidString }
        let unlinked = offered.subtracting(services).sorted { $0.uuidString < $1.uuidString }
        for service in linked { try link(business: business, provider: provider, service: service, on: connection) }
        for service in unlinked { _ = try unlink(business: business, provider: provider, service: service, on: connection) }
        return (linked, unlinked)
    }
}
