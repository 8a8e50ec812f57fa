public import Foundation

/// The payload of a `send_message` job for a `notify_all` waitlist notice:
/// there is no booking to name, so it names the entry, the provider and the
/// free start (`waitlist_entry_id`, `provider_id`, `start`, `message`,
/// `channel`). The `waitlist_entry_id` key tells it from a `SendMessagePayload`.
public struct WaitlistNoticePayload: Codable, Sendable, Hashable {
    public var waitlistEntryID: UUID
    public var providerID: UUID
    public var start: Date
    public var channel: Channel
    /// Always `waitlist_offer`: stored, and checked when read.
    public var message: MessageKind { .waitlistOffer }

    public init(waitlistEntryID: UUID, providerID: UUID, start: Date, channel: Channel) {
        self.waitlistEntryID = waitlistEntryID
        self.providerID = providerID
        self.start = start
        self.channel = channel
    }

    public var queue: String { channel.rawValue }

    /// `waitlist_notice:<entry>:<provider>:<start>:<channel>`: a retried release
    /// does not tell anyone twice.
    public var dedupeKey: String {
        "waitlist_notice:\(waitlistEntryID.payloadText):\(providerID.payloadText):\(start.formatted(.iso8601)):\(channel.rawValue)"
    }

    enum CodingKeys: String, CodingKey {
        case waitlistEntryID = "waitlist_entry_id"
        case providerID = "provider_id"
        case start
        case message
        case channel
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        waitlistEntryID = try container.decodeID(.waitlistEntryID)
        providerID = try container.decodeID(.providerID)
        start = try container.decodeInstant(.start)
        channel = try container.decode(Channel.self, forKey: .channel)
        guard try container.decode(MessageKind.self, forKey: .message) == .waitlistOffer else {
            throw DecodingError.dataCorruptedError(forKey: .message, in: container, debugDescription: "a waitlist notice is a waitlist_offer")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeID(waitlistEntryID, .waitlistEntryID)
        try container.encodeID(providerID, .providerID)
        try container.encodeInstant(start, .start)
        try container.encode(message, forKey: .message)
        try container.encode(channel, forKey: .channel)
    }
}
