public import Foundation

/// One entry of the suppression list as operators see it (`booknowctl
/// suppressions`, the replay check's refusal): who, on which channel, why and since when.
public struct Suppression: Sendable, Codable, Equatable {
    public var id: Int64
    public var channel: String
    public var recipient: String
    public var reason: String
    /// nil: the entry applies to every business.
    public var businessID: UUID?
    public var createdAt: Date

    /// `hard_bounce, since 2026-05-01T09:00:00Z`: why a send is refused, in one phrase.
    public var why: String {
        "\(reason), since \(createdAt.formatted(.iso8601))"
    }

    public init(id: Int64, channel: String, recipient: String, reason: String, businessID: UUID?, createdAt: Date) {
        self.id = id
        self.channel = channel
        self.recipient = recipient
        self.reason = reason
        self.businessID = businessID
        self.createdAt = createdAt
    }
}

/// Which entries `PostgresSuppressionList.list` returns; nil fields do not filter.
public struct SuppressionFilter: Sendable, Equatable {
    public var channel: String?
    /// Entries whose recipient contains this text (case-insensitive).
    public var recipient: String?
    public var businessID: UUID?
    public var limit: Int

    public init(channel: String? = nil, recipient: String? = nil, businessID: UUID? = nil, limit: Int = 100) {
        self.channel = channel
        self.recipient = recipient
        self.businessID = businessID
        self.limit = limit
    }
}
