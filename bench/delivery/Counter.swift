import Synchronization

/// Hands out message indexes to the bench's workers and counts failures.
final class Counter: Sendable {
    private let state = Mutex((next: 0, failures: 0))

    func next(limit: Int) -> Int? {
        state.withLock { state in
            guard state.next < limit else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func fail() { state.withLock { $0.failures += 1 } }

    var failures: Int { state.withLock { $0.failures } }
}
