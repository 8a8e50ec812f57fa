import Synchronization
public import Vocabulary

/// Recipients not to contact again on a channel (hard bounce, invalid number, opt-out).
///
/// Checked before every send; an entry is added when a result is
/// `permanentRecipient` and removed only by an admin. The PostgreSQL
/// implementation lives with the database code; `InMemorySuppressionList` serves tests.
public protocol SuppressionList: Sendable {
    func isSuppressed(channel: Channel, recipient: String) async throws -> Bool
    func suppress(channel: Channel, recipient: String, reason: String) async throws
}

/// A suppression list held in memory, for tests and the embedded default.
public final class InMemorySuppressionList: SuppressionList {
    private let entries = Mutex<[Key: String]>([:])

    private struct Key: Hashable {
        let channel: Channel
        let recipient: String
    }

    public init() {}

    public func isSuppressed(channel: Channel, recipient: String) async throws -> Bool {
        entries.withLock { $0[Key(channel: channel, recipient: recipient)] != nil }
    }

    public func suppress(channel: Channel, recipient: String, reason: String) async throws {
        entries.withLock { $0[Key(channel: channel, recipient: recipient)] = reason }
    }

    /// The reason a recipient was suppressed, if it is.
    public func reason(channel: Channel, recipient: String) -> String? {
        entries.withLock { $0[Key(channel: channel, recipient: recipient)] }
    }

    /// Removes an entry, as an admin clearing it would.
    public func clear(channel: Channel, recipient: String) {
        _ = entries.withLock { $0.removeValue(forKey: Key(channel: channel, recipient: recipient)) }
    }
}
