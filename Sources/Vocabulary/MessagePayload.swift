/// Either payload a `send_message` job carries: a message about a booking, or
/// a `notify_all` waitlist notice, told apart by the notice's `waitlist_entry_id`.
public enum MessagePayload: Decodable, Sendable, Hashable {
    case booking(SendMessagePayload)
    case waitlistNotice(WaitlistNoticePayload)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WaitlistNoticePayload.CodingKeys.self)
        self = container.contains(.waitlistEntryID)
            ? .waitlistNotice(try WaitlistNoticePayload(from: decoder))
            : .booking(try SendMessagePayload(from: decoder))
    }
}
