public import Foundation

/// The payload of a `send_message` job: which booking, at which version, what
/// message on which channel. Everything else is read when the job runs.
public struct SendMessagePayload: Codable, Sendable, Hashable {
    public var bookingID: String
    public var bookingVersion: String
    public var message: String
    public var channel: String
    /// For reminders: the lead time in seconds (part of the dedupe key).
    public var offsetSeconds: String?
    /// `staff` for the provider's copy of a booking change; nil for the customer.
    public var audience: String?
    /// For an expired waitlist offer: `true` when the slot went to the next person waiting.
    public var offeredNext: String?

    enum CodingKeys: String, CodingKey {
        case bookingID = "booking_id"
        case bookingVersion = "booking_version"
        case message
        case channel
        case offsetSeconds = "offset_seconds"
        case audience
        case offeredNext = "offered_next"
    }

    /// The payload from its decoded fields, or nil when one it needs is missing.
    init?(fields: [String: String]) {
        guard let booking = fields[CodingKeys.bookingID.rawValue], let version = fields[CodingKeys.bookingVersion.rawValue],
              let message = fields[CodingKeys.message.rawValue], let channel = fields[CodingKeys.channel.rawValue] else { return nil }
        bookingID = booking
        bookingVersion = version
        self.message = message
        self.channel = channel
        offsetSeconds = fields[CodingKeys.offsetSeconds.rawValue]
        audience = fields[CodingKeys.audience.rawValue]
        offeredNext = fields[CodingKeys.offeredNext.rawValue]
    }

    /// The audience of the provider's notices.
    public static let staff = "staff"

    public init(bookingID: UUID, bookingVersion: Int, message: String, channel: String, offsetSeconds: Int? = nil, audience: String? = nil) {
        self.bookingID = bookingID.uuidString.lowercased()
        self.bookingVersion = String(bookingVersion)
        self.message = message
        self.channel = channel
        self.offsetSeconds = offsetSeconds.map(String.init)
        self.audience = audience
    }

    /// `reminder:<booking>:v<version>:<offset>:<channel>`: planning the same
    /// reminder twice (planner and booking transaction) enqueues it once, and a
    /// moved booking's reminders never collide with its old ones.
    public static func reminderKey(booking: UUID, version: Int, offsetSeconds: Int, channel: String) -> String {
        "reminder:\(booking.uuidString.lowercased()):v\(version):\(offsetSeconds):\(channel)"
    }
}
