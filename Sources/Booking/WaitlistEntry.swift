public import Foundation
import Postgres

/// One customer's place on a waitlist, as its link and the admin view show it.
public struct WaitlistEntry: Sendable, Hashable {
    public let id: UUID
    public let businessID: UUID
    public let serviceID: UUID
    public let locationID: UUID
    /// nil: any provider.
    public let providerID: UUID?
    /// `waiting`, `offered`, `booked`, `expired` or `left`.
    public let status: String
    /// The held booking offered to the customer, while `offered`.
    public let offeredBookingID: UUID?
    public let createdAt: Date
    /// Waiting entries ahead of this one for the same service and location;
    /// nil unless the entry is waiting.
    public internal(set) var ahead: Int?
    /// Filled in for the admin view only.
    public internal(set) var customerName: String?

    /// The columns `init(row:)` reads; `e` is the entry.
    static let columns = """
        e.id, e.business_id, e.service_id, e.location_id, e.provider_id, e.status, e.offered_booking_id, e.created_at
        """

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        businessID = try row.decode(UUID.self, "business_id")
        serviceID = try row.decode(UUID.self, "service_id")
        locationID = try row.decode(UUID.self, "location_id")
        providerID = try row.decode(UUID?.self, "provider_id")
        status = try row.decode(String.self, "status")
        offeredBookingID = try row.decode(UUID?.self, "offered_booking_id")
        createdAt = try row.decode(Date.self, "created_at")
    }
}
