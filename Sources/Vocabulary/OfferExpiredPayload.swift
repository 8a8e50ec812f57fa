public import Foundation

/// The payload of an `offer_expired` job: the held booking (`booking_id`) of a
/// waitlist offer or a flood-mode hold, whose time runs out when the job runs.
public struct OfferExpiredPayload: Codable, Sendable, Hashable {
    public var bookingID: UUID

    public init(bookingID: UUID) {
        self.bookingID = bookingID
    }

    /// `offer_expired:<booking>`: one hold, one expiry.
    public var dedupeKey: String { "offer_expired:\(bookingID.payloadText)" }

    enum CodingKeys: String, CodingKey {
        case bookingID = "booking_id"
    }

    public init(from decoder: any Decoder) throws {
        bookingID = try decoder.container(keyedBy: CodingKeys.self).decodeID(.bookingID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeID(bookingID, .bookingID)
    }
}
