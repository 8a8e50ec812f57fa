public import Foundation

/// The payload of a `send_message` job about a booking: which booking, at
/// which version, what message on which channel, for whom. Everything else is
/// read when the job runs. Keys and values as stored: `booking_id`,
/// `booking_version`, `message`, `channel`, and when they apply
/// `offset_seconds`, `audience` (`staff`), `former_provider_id` and
/// `offered_next` (`true`/`false`).
public struct SendMessagePayload: Codable, Sendable, Hashable {
    public var bookingID: UUID
    public var bookingVersion: Int
    public var message: MessageKind
    public var channel: Channel
    /// For reminders: the lead time in seconds (part of the dedupe key).
    public var offsetSeconds: Int?
    public var audience: Audience
    /// For the provider a move took the booking away from: who they are (the
    /// booking now names the new one). Only with `audience` `staff`.
    public var formerProvider: UUID?
    /// For an expired waitlist offer: whether the slot went to the next person waiting.
    public var offeredNext: Bool?

    /// Who a message is for: the customer, or the provider's copy of a booking change.
    public enum Audience: String, Sendable, Hashable {
        case customer
        /// Stored as `audience: staff`; a customer's message has no `audience` key.
        case staff
    }

    public init(bookingID: UUID, bookingVersion: Int, message: MessageKind, channel: Channel, offsetSeconds: Int? = nil,
                audience: Audience = .customer, formerProvider: UUID? = nil, offeredNext: Bool? = nil) {
        self.bookingID = bookingID
        self.bookingVersion = bookingVersion
        self.message = message
        self.channel = channel
        self.offsetSeconds = offsetSeconds
        self.audience = audience
        self.formerProvider = formerProvider
        self.offeredNext = offeredNext
    }

    /// The named queue the job runs on: its channel's.
    public var queue: String { channel.rawValue }

    /// Makes a second enqueue of the same message a no-op:
    /// - `reminder:<booking>:v<version>:<offset>:<channel>`: planning the same
    ///   reminder twice (planner and booking transaction) enqueues it once, and a
    ///   moved booking's reminders never collide with its old ones;
    /// - `staff:<booking>:v<version>:<message>` for the provider's copy, with
    ///   `:former` for the provider a move took the booking from;
    /// - `message:<booking>:v<version>:<message>:<channel>` for any other, so a
    ///   retried transaction cannot queue a message twice.
    public var dedupeKey: String {
        if let offsetSeconds {
            return Self.reminderKey(booking: bookingID, version: bookingVersion, offsetSeconds: offsetSeconds, channel: channel)
        }
        let booking = "\(bookingID.payloadText):v\(bookingVersion)"
        return switch audience {
        case .staff: "staff:\(booking):\(message.rawValue)" + (formerProvider == nil ? "" : ":former")
        case .customer: "message:\(booking):\(message.rawValue):\(channel.rawValue)"
        }
    }

    public static func reminderKey(booking: UUID, version: Int, offsetSeconds: Int, channel: Channel) -> String {
        "reminder:\(booking.payloadText):v\(version):\(offsetSeconds):\(channel.rawValue)"
    }

    /// The payload field naming the booking, for queries over stored payloads.
    public static let bookingField = CodingKeys.bookingID.rawValue

    enum CodingKeys: String, CodingKey {
        case bookingID = "booking_id"
        case bookingVersion = "booking_version"
        case message
        case channel
        case offsetSeconds = "offset_seconds"
        case audience
        case formerProvider = "former_provider_id"
        case offeredNext = "offered_next"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bookingID = try container.decodeID(.bookingID)
        bookingVersion = try container.decodeInt(.bookingVersion)
        message = try container.decode(MessageKind.self, forKey: .message)
        channel = try container.decode(Channel.self, forKey: .channel)
        offsetSeconds = try container.decodeIntIfPresent(.offsetSeconds)
        // Only `staff` was ever written; anything else is the customer's, as older daemons read it.
        audience = try container.decodeIfPresent(String.self, forKey: .audience) == Audience.staff.rawValue ? .staff : .customer
        formerProvider = try container.contains(.formerProvider) ? container.decodeID(.formerProvider) : nil
        offeredNext = try container.decodeIfPresent(String.self, forKey: .offeredNext).map { $0 == "true" }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeID(bookingID, .bookingID)
        try container.encodeInt(bookingVersion, .bookingVersion)
        try container.encode(message, forKey: .message)
        try container.encode(channel, forKey: .channel)
        if let offsetSeconds { try container.encodeInt(offsetSeconds, .offsetSeconds) }
        if audience == .staff { try container.encode(Audience.staff.rawValue, forKey: .audience) }
        if let formerProvider { try container.encodeID(formerProvider, .formerProvider) }
        if let offeredNext { try container.encode(offeredNext ? "true" : "false", forKey: .offeredNext) }
    }
}
