import Synchronization

/// A Prometheus counter: a value that only goes up (deliveries, requests).
///
/// Handles are shared: ask the registry once, keep the handle, and
/// increment it from any thread.
public final class Counter: Sendable {
    private let storage = Mutex<Double>(0)

    init() {}

    /// Adds `amount`, which must not be negative (a programmer error traps).
    public func increment(by amount: Double = 1) {
        precondition(amount >= 0, "counters only go up")
        storage.withLock { $0 += amount }
    }

    public var value: Double { storage.withLock { $0 } }
}
