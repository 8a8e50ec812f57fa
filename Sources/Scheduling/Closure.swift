public import Foundation

/// A time the whole location is shut (a public holiday, a refurbishment):
/// no provider there can be booked.
public struct Closure: Hashable, Sendable {
    public enum Period: Hashable, Sendable {
        /// Whole local dates, first and last inclusive, in the location's zone:
        /// from local midnight starting the first to local midnight ending the last.
        case dates(ClosedRange<LocalDate>)
        /// An exact stretch between two instants.
        case instants(Range<Date>)
    }

    public let period: Period
    public let reason: String

    public init(_ period: Period, reason: String = "") {
        self.period = period
        self.reason = reason
    }
}
