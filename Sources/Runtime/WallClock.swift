public import Foundation

/// The one source of "now" for Swift code.
///
/// The database clock is the authority: SQL asks `booknow_now()`, which is
/// `now()` plus an offset stored in the database that only a test
/// configuration may set. Swift code asks a `WallClock`, which in the daemon
/// is a `SystemClock` carrying the same offset, so both sides agree on what
/// is due. Code takes a clock as a parameter; tests pass a `ManualClock`.
public protocol WallClock: Sendable {
    func now() -> Date
}

extension Duration {
    /// The duration in seconds, as Foundation's `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
