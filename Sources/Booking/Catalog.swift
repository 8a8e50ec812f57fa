public import Foundation
public import Postgres
public import Vocabulary

/// What a business offers, for booking pages: its locations, services and
/// providers. Every query filters by the business, so another business's
/// rows are never listed.
public enum Catalog {
    public struct LocationEntry: Sendable, Hashable, Codable {
        public let id: UUID
        public let name: String
        public let timeZone: String
        public let address: String
    }

    public struct ServiceEntry: Sendable, Hashable, Codable {
        public let id: UUID
        public let name: String
        public let durationMinutes: Int
        public let bufferBeforeMinutes: Int
        public let bufferAfterMinutes: Int
        public let slotStepMinutes: Int
        /// Plain text for customers; nil when the business wrote none.
        public let description: String?
        /// nil when the business set no price.
        public let price: Price?
    }

    public struct ProviderEntry: Sendable, Hashable, Codable {
        public let id: UUID
        public let name: String
        public let locationID: UUID
        public let serviceIDs: [UUID]
    }

    /// Leading business_id of the primary key; by name for display.
    static let selectLocations = "SELECT id, name, time_zone, address FROM locations WHERE business_id = $1 ORDER BY name, id"
    /// Lengths in whole minutes (the schema allows no others).
    static let selectServices = """
        SELECT id, name, (extract(epoch FROM duration) / 60)::int AS duration, (extract(epoch FROM buffer_before) / 60)::int AS buffer_before,
               (extract(epoch FROM buffer_after) / 60)::int AS buffer_after, (extract(epoch FROM slot_step) / 60)::int AS slot_step,
               description, price_minor, price_currency
        FROM services WHERE business_id = $1 ORDER BY name, id
        """
    /// With the services each offers, aggregated from provider_services' primary key.
    static let selectProviders = """
        SELECT p.id, p.name, p.location_id,
               coalesce(array_agg(ps.service_id ORDER BY ps.service_id) FILTER (WHERE ps.service_id IS NOT NULL), '{}') AS services
        FROM providers p
        LEFT JOIN provider_services ps ON ps.business_id = p.business_id AND ps.provider_id = p.id
        WHERE p.business_id = $1 AND ($2::uuid IS NULL OR p.location_id = $2)
        GROUP BY p.id, p.name, p.location_id ORDER BY p.name, p.id
        """

    public static func locations(business: UUID, on connection: Connection) throws -> [LocationEntry] {
        try connection.query(selectLocations, [business]).map {
            LocationEntry(id: try $0.decode(UUID.self, "id"), name: try $0.decode(String.self, "name"),
                          timeZone: try $0.decode(String.self, "time_zone"), address: try $0.decode(String.self, "address"))
        }
    }

    public static func services(business: UUID, on connection: Connection) throws -> [ServiceEntry] {
        try connection.query(selectServices, [business]).map {
            ServiceEntry(id: try $0.decode(UUID.self, "id"), name: try $0.decode(String.self, "name"),
                         durationMinutes: try $0.decode(Int.self, "duration"), bufferBeforeMinutes: try $0.decode(Int.self, "buffer_before"),
                         bufferAfterMinutes: try $0.decode(Int.self, "buffer_after"), slotStepMinutes: try $0.decode(Int.self, "slot_step"),
                         description: try $0.decode(String?.self, "description"), price: try Price($0))
        }
    }

    /// Every provider of the business, or those at one location.
    public static func providers(business: UUID, location: UUID? = nil, on connection: Connection) throws -> [ProviderEntry] {
        try connection.query(selectProviders, [business, location]).map {
            ProviderEntry(id: try $0.decode(UUID.self, "id"), name: try $0.decode(String.self, "name"),
                          locationID: try $0.decode(UUID.self, "location_id"), serviceIDs: try $0.decode([UUID].self, "services"))
        }
    }
}
