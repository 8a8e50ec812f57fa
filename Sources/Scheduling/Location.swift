public import Foundation

/// A place where providers work; its IANA time zone is the zone of every
/// weekly rule, recurring block and closure date of the providers there.
public struct Location: Hashable, Sendable {
    public let id: UUID
    public let timeZone: TimeZone

    public init(id: UUID, timeZone: TimeZone) {
        self.id = id
        self.timeZone = timeZone
    }
}
