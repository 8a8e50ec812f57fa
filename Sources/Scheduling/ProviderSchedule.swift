public import Foundation

/// Everything the engine needs about one provider: who they are, their weekly
/// rules, their time off, and what they are already booked for.
public struct ProviderSchedule: Hashable, Sendable {
    public let provider: Provider
    public let rules: [AvailabilityRule]
    public let timeOff: [TimeOff]
    /// The `blocked` intervals of the provider's confirmed and held bookings.
    public let booked: [Range<Date>]

    public init(provider: Provider, rules: [AvailabilityRule], timeOff: [TimeOff] = [], booked: [Range<Date>] = []) {
        self.provider = provider
        self.rules = rules
        self.timeOff = timeOff
        self.booked = booked
    }
}
