public import Foundation

/// The deployment's limits on public writes (`[public]` in the configuration),
/// each 0 for "no limit". Per-business overrides live in the business's row.
public struct PublicLimits: Sendable, Equatable {
    /// Customer messages public writes may cause per recipient (an email
    /// address, a phone number) in 24 hours, across businesses.
    public var messagesPerRecipientPerDay: Int
    /// Confirmed or held future bookings one contact (email or phone) may have at one business.
    public var openBookingsPerContact: Int
    /// Booking-form submissions per client address per business in an hour
    /// (a token bucket in each daemon's memory).
    public var submissionsPerAddressPerHour: Int
    /// Seconds between showing a form and accepting it: people take longer.
    public var minimumFillSeconds: Int
    /// Public bookings of one business in the last hour past which new public
    /// bookings become holds the customer confirms by email (flood mode).
    public var floodBookingsPerHour: Int
    /// How long a flood-mode hold waits for its confirmation.
    public var holdLifetime: TimeInterval

    public init(messagesPerRecipientPerDay: Int = 10, openBookingsPerContact: Int = 3, submissionsPerAddressPerHour: Int = 20,
                minimumFillSeconds: Int = 3, floodBookingsPerHour: Int = 60, holdLifetime: TimeInterval = 30 * 60) {
        self.messagesPerRecipientPerDay = messagesPerRecipientPerDay
        self.openBookingsPerContact = openBookingsPerContact
        self.submissionsPerAddressPerHour = submissionsPerAddressPerHour
        self.minimumFillSeconds = minimumFillSeconds
        self.floodBookingsPerHour = floodBookingsPerHour
        self.holdLifetime = holdLifetime
    }

    /// No limit at all (tests of other behaviour).
    public static let none = PublicLimits(messagesPerRecipientPerDay: 0, openBookingsPerContact: 0, submissionsPerAddressPerHour: 0,
                                          minimumFillSeconds: 0, floodBookingsPerHour: 0)
}

/// A public write refused before anything was written or queued: why, and
/// when trying again can succeed.
public struct PublicRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable codes: the API's problem `code`, the metric's `reason` label, the page's text key.
    public enum Reason: String, Sendable, CaseIterable {
        case recipientDailyLimit = "recipient_daily_limit"
        case openBookingsLimit = "open_bookings_limit"
        case submissionRateLimit = "submission_rate_limit"
        case smsCountryNotAllowed = "sms_country_not_allowed"
        case smsPremiumNumber = "sms_premium_number"
        case formTooFast = "form_too_fast"
        case honeypot
        case emailRequired = "email_required"
    }

    public let reason: Reason
    /// Whole seconds until a retry can succeed (at least 1).
    public let retryAfter: Int

    public init(_ reason: Reason, retryAfter: Int) {
        self.reason = reason
        self.retryAfter = max(1, retryAfter)
    }

    public var description: String { "public write refused: \(reason.rawValue), retry after \(retryAfter) s" }
}
