public import Foundation
import Postgres
public import Vocabulary

/// A booking as its customer sees it through a manage link.
public struct BookingRecord: Sendable, Hashable {
    public let id: UUID
    public let businessID: UUID
    public let locationID: UUID
    public let providerID: UUID
    public let serviceID: UUID
    public let status: BookingStatus
    public let startsAt: Date
    public let endsAt: Date
    /// Bumped by every change; notifications carry it so stale ones are dropped.
    public let version: Int
    /// The last instant the customer may cancel or reschedule: start − the
    /// notice in force when the booking was made.
    public let changeDeadline: Date
    /// Confirmed and before the deadline by the database clock.
    public let isChangeable: Bool
    public let timeZone: String
    public let locationName: String
    public let serviceName: String
    public let providerName: String

    /// The columns `init(row:)` reads, for every query that returns a record:
    /// `bk` is the booking, joined to its location `l`, service `s` and provider `p`.
    static let columns = """
        bk.id, bk.business_id, bk.location_id, bk.provider_id, bk.service_id, bk.status, bk.starts_at, bk.ends_at,
        bk.version, bk.starts_at - bk.cancellation_notice AS change_deadline,
        bk.status = 'confirmed' AND booknow_now() <= bk.starts_at - bk.cancellation_notice AS changeable,
        l.time_zone, l.name AS location_name, s.name AS service_name, p.name AS provider_name
        """
    /// The joins `columns` needs; each is a composite primary-key lookup.
    static let joins = """
        JOIN locations l ON l.business_id = bk.business_id AND l.id = bk.location_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN providers p ON p.business_id = bk.business_id AND p.id = bk.provider_id
        """

    init(row: Row) throws {
        id = try row.decode(UUID.self, "id")
        businessID = try row.decode(UUID.self, "business_id")
        locationID = try row.decode(UUID.self, "location_id")
        providerID = try row.decode(UUID.self, "provider_id")
        serviceID = try row.decode(UUID.self, "service_id")
        status = try row.decodeStatus()
        startsAt = try row.decode(Date.self, "starts_at")
        endsAt = try row.decode(Date.self, "ends_at")
        version = try row.decode(Int.self, "version")
        changeDeadline = try row.decode(Date.self, "change_deadline")
        isChangeable = try row.decode(Bool.self, "changeable")
        timeZone = try row.decode(String.self, "time_zone")
        locationName = try row.decode(String.self, "location_name")
        serviceName = try row.decode(String.self, "service_name")
        providerName = try row.decode(String.self, "provider_name")
    }
}

/// What `book` returns: the booking and, this once, its manage token.
public struct BookedAppointment: Sendable {
    public let booking: BookingRecord
    /// The secret in the customer's manage links. Only its SHA-256 is stored;
    /// it cannot be shown again, and must never be logged.
    public let manageToken: String
}
