import Synchronization

/// A Prometheus gauge: a value that goes up and down (connections in use).
public final class Gauge: Sendable {
    private let storage = Mutex<Double>(0)

    init() {}

    public func set(_ value: Double) {
        storage.withLock { $0 = value }
    }

    /// Adds `delta`, which may be negative.
    public func add(_ delta: Double) {
        storage.withLock { $0 += delta }
    }

    public var value: Double { storage.withLock { $0 } }
}
