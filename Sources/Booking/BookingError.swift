public import Foundation

/// The one error type of the Booking module.
///
/// `code` is stable: the API turns it into the problem+json `code` and the
/// HTTP status, and the CLI into an exit code, so a code never changes once
/// shipped. `description` names ids and codes only, never a manage token,
/// an API key or customer contact data.
public struct BookingError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The business, location, service, provider or booking does not exist
        /// for this business (another business's ids look the same as none).
        case notFound = "not_found"
        /// The requested time is taken (by a booking seen before inserting, or
        /// by one that won the race: SQLSTATE 23P01). `alternatives` says what is free.
        case slotUnavailable = "slot_unavailable"
        /// The engine refused the start for another reason; `schedulingCode` says which.
        case notBookable = "not_bookable"
        /// The booking's cancellation notice has passed: the customer can no longer change it.
        case noticePassed = "notice_passed"
        /// The booking is no longer confirmed (already cancelled, completed, …).
        case notActive = "booking_not_active"
        /// A waitlist offer's hold ran out before it was accepted; the time went
        /// back to the waitlist.
        case offerExpired = "offer_expired"
        /// An Idempotency-Key was used before with a different request.
        case idempotencyKeyReused = "idempotency_key_reused"
        /// The business already exists (the demo seed ran before).
        case alreadyExists = "already_exists"
        /// A value broke a rule of the domain (an unknown time zone, a bad scope).
        case invalid = "invalid"
        /// Other records still refer to the one being deleted.
        case inUse = "in_use"
        /// The values break a rule between fields (a CHECK of the schema: the
        /// horizon beyond the notice, an end after its start).
        case constraintViolated = "constraint_violated"
        /// A value is out of range for its field.
        case invalidValue = "invalid_value"
    }

    public let code: Code
    public let message: String
    /// For `notBookable`: the engine's reason (`outside_hours`, `too_soon`, …).
    public let schedulingCode: String?
    /// For `slotUnavailable`: up to three nearest free starts, in time order.
    public let alternatives: [AvailableSlot]
    /// The location's zone, for showing `alternatives` on its wall clock.
    public let timeZone: TimeZone?

    public init(_ code: Code, _ message: String, schedulingCode: String? = nil, alternatives: [AvailableSlot] = [], timeZone: TimeZone? = nil) {
        self.code = code
        self.message = message
        self.schedulingCode = schedulingCode
        self.alternatives = alternatives
        self.timeZone = timeZone
    }

    static func notFound(_ what: String) -> BookingError {
        BookingError(.notFound, "no such \(what)")
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let schedulingCode { text += " (\(schedulingCode))" }
        if !alternatives.isEmpty { text += " [\(alternatives.count) alternative(s)]" }
        return text
    }
}
