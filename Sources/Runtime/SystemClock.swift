public import Foundation
import Synchronization

/// The host's clock plus the test offset read from the database.
///
/// The daemon reads the offset that `booknow_now()` uses and passes it to
/// `setOffset(_:)` (at start and periodically), so Swift and SQL see the same
/// time. A non-zero offset in production would make reminders fire at the
/// wrong time, so it is refused unless `testing.allow_clock_offset` is true.
public final class SystemClock: WallClock {
    /// Whether a non-zero offset is accepted (`testing.allow_clock_offset`).
    public let allowsOffset: Bool
    private let storage = Mutex<Duration>(.zero)

    public init(allowsOffset: Bool) {
        self.allowsOffset = allowsOffset
    }

    /// A clock that allows an offset exactly when `testing.allow_clock_offset` is true.
    public convenience init(config: Config) {
        self.init(allowsOffset: config.bool("testing.allow_clock_offset"))
    }

    public func now() -> Date {
        Date() + offset.timeInterval
    }

    /// The offset currently added to the host clock.
    public var offset: Duration {
        storage.withLock { $0 }
    }

    /// Replaces the offset.
    ///
    /// - Throws: `RuntimeError` `clock.offset_refused` for a non-zero offset
    ///   when offsets are not allowed; the offset is then left unchanged.
    public func setOffset(_ offset: Duration) throws(RuntimeError) {
        guard offset == .zero || allowsOffset else {
            throw RuntimeError(.clockOffsetRefused, "the database clock offset is \(offset), but only a test configuration may move time",
                               key: "testing.allow_clock_offset")
        }
        storage.withLock { $0 = offset }
    }
}
