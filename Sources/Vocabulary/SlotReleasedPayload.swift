public import Foundation

/// The payload of a `slot_released` job: the blocked interval a cancelled or
/// moved booking gave up, to offer to the waitlist (`booking_id`,
/// `provider_id`, `service_id`, `location_id`, `from`, `until`).
public struct SlotReleasedPayload: Codable, Sendable, Hashable {
    public var bookingID: UUID
    public var providerID: UUID
    public var serviceID: UUID
    public var locationID: UUID
    public var freed: Range<Date>

    public init(bookingID: UUID, providerID: UUID, serviceID: UUID, locationID: UUID, freed: Range<Date>) {
        self.bookingID = bookingID
        self.providerID = providerID
        self.serviceID = serviceID
        self.locationID = locationID
        self.freed = freed
    }

    /// `slot_released:<booking>:v<version>`: one release per change of the
    /// booking (the version the change gave it; the payload does not store it).
    public func dedupeKey(version: Int) -> String {
        "slot_released:\(bookingID.payloadText):v\(version)"
    }

    enum CodingKeys: String, CodingKey {
        case bookingID = "booking_id"
        case providerID = "provider_id"
        case serviceID = "service_id"
        case locationID = "location_id"
        case from
        case until
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bookingID = try container.decodeID(.bookingID)
        providerID = try container.decodeID(.providerID)
        serviceID = try container.decodeID(.serviceID)
        locationID = try container.decodeID(.locationID)
        let from = try container.decodeInstant(.from), until = try container.decodeInstant(.until)
        guard from < until else {
            throw DecodingError.dataCorruptedError(forKey: .until, in: container, debugDescription: "the freed time ends before it starts")
        }
        freed = from..<until
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeID(bookingID, .bookingID)
        try container.encodeID(providerID, .providerID)
        try container.encodeID(serviceID, .serviceID)
        try container.encodeID(locationID, .locationID)
        try container.encodeInstant(freed.lowerBound, .from)
        try container.encodeInstant(freed.upperBound, .until)
    }
}
