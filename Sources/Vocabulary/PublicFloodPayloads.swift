public import Foundation

/// The payload of a `public_flood_notice` job: a business's flood mode
/// `started` or `ended` at an instant (`state`, `at`). The business is the job's.
public struct PublicFloodNoticePayload: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
        case started
        case ended
    }

    public var state: State
    /// Whole seconds: the dedupe key names it in seconds since 1970.
    public var at: Date

    public init(state: State, at: Date) {
        self.state = state
        self.at = at
    }

    /// `public_flood:<business>:<state>:<epoch seconds>`: each start and each end is told once.
    public func dedupeKey(business: UUID) -> String {
        "public_flood:\(business.payloadText):\(state.rawValue):\(Int(at.timeIntervalSince1970))"
    }

    enum CodingKeys: String, CodingKey {
        case state
        case at
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(State.self, forKey: .state)
        at = try container.decodeInstant(.at)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encodeInstant(at, .at)
    }
}

/// The payload of a `public_flood_check` job: empty (`{}`); the business is the job's.
public struct PublicFloodCheckPayload: Codable, Sendable, Hashable {
    public init() {}

    /// `public_flood_check:<business>:<epoch seconds of its run>`: one check per business and instant.
    public static func dedupeKey(business: UUID, at: Date) -> String {
        "public_flood_check:\(business.payloadText):\(Int(at.timeIntervalSince1970))"
    }
}
