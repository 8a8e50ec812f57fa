public import Foundation

/// A start time a customer can book, with the providers free then (one for a
/// named provider, one or more for "any provider").
public struct AvailableSlot: Sendable, Hashable {
    public let start: Date
    /// start + duration: what the customer sees (buffers are the provider's).
    public let end: Date
    public let providerIDs: [UUID]

    public init(start: Date, end: Date, providerIDs: [UUID]) {
        self.start = start
        self.end = end
        self.providerIDs = providerIDs
    }
}
