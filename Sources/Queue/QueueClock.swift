public import Foundation

/// The Swift-side clock, injected so tests control time.
///
/// It never decides what is due: that is `booknow_now()` in SQL, the one clock
/// every daemon shares. The worker uses this one only for its own bookkeeping
/// (health: when the claim loop last completed a pass).
public protocol QueueClock: Sendable {
    func now() -> Date
}

/// The host's wall clock.
public struct SystemQueueClock: QueueClock {
    public init() {}
    public func now() -> Date { Date() }
}
