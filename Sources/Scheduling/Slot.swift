public import Foundation

/// A start time a customer can book with one provider.
public struct Slot: Hashable, Sendable {
    public let providerID: UUID
    public let start: Date
    /// start + duration: what the customer sees.
    public let end: Date
    /// start − buffer before … end + buffer after: what the provider loses,
    /// and what the booking's `blocked` column will hold.
    public let blocked: Range<Date>
}

/// A start time free with at least one of several providers ("any provider").
public struct PooledSlot: Hashable, Sendable {
    public let start: Date
    public let end: Date
    /// The providers free at this time, in the order their schedules were given.
    public let providerIDs: [UUID]
}
