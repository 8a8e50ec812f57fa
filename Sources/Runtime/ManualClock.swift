public import Foundation
import Synchronization

/// A clock that moves only when told, for tests of time-dependent logic.
public final class ManualClock: WallClock {
    private let storage: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        storage = Mutex(start)
    }

    public func now() -> Date {
        storage.withLock { $0 }
    }

    /// Moves time forward (or back, with a negative duration).
    public func advance(by duration: Duration) {
        storage.withLock { $0 += duration.timeInterval }
    }

    /// Jumps to `date`.
    public func set(_ date: Date) {
        storage.withLock { $0 = date }
    }
}
