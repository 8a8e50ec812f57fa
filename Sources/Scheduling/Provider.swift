public import Foundation

/// A person (or chair, or room) that can be booked; works at one location.
public struct Provider: Hashable, Sendable {
    public let id: UUID
    public let locationID: UUID
    /// The services this provider offers (`provider_services`).
    public let serviceIDs: Set<UUID>

    public init(id: UUID, locationID: UUID, serviceIDs: Set<UUID>) {
        self.id = id
        self.locationID = locationID
        self.serviceIDs = serviceIDs
    }
}
