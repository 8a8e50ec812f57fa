public import Foundation

/// The one error type of the Scheduling module: why a start time cannot be booked.
///
/// `code` is stable: the API's problem+json `code` and the booking operation's
/// 409/422 answers key on it, so a code never changes once shipped.
public struct SchedulingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The provider does not offer the service, or works at another location.
        case serviceNotOffered = "service_not_offered"
        /// The start is closer to now than the minimum notice (or already past).
        case tooSoon = "too_soon"
        /// The start is further ahead than the booking horizon.
        case beyondHorizon = "beyond_horizon"
        /// The blocked interval (with buffers) is not inside one stretch of working hours.
        case outsideHours = "outside_hours"
        /// The location is closed (public holiday) during the blocked interval.
        case closed = "location_closed"
        /// The provider has time off during the blocked interval.
        case timeOff = "provider_time_off"
        /// Another confirmed or held booking overlaps the blocked interval.
        case slotTaken = "slot_taken"
        /// The start is not one of the offered start times.
        case offGrid = "off_grid"
    }

    public let code: Code
    public let message: String
    /// The requested start the error is about.
    public let start: Date

    public init(_ code: Code, _ message: String, start: Date) {
        self.code = code
        self.message = message
        self.start = start
    }

    public var description: String {
        "\(code.rawValue): \(message) (start \(start.formatted(.iso8601)))"
    }
}
