/// A booking's state, as the `bookings.status` column spells it (its CHECK
/// constraint lists the same five).
public enum BookingStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case confirmed
    /// A waitlist offer or a flood-mode hold, waiting for its customer until `hold_expires_at`.
    case held
    case cancelled
    case completed
    case noShow = "no_show"
}
