import Foundation

/// A value guarded by a lock, with a condition to wait on until the value says so.
///
/// The worker's threads are dedicated threads that may block, so waiting in
/// `NSCondition` (a pthread condition variable) is right here; `Mutex` has no
/// wait. Only `update` wakes waiters: the hot path (a handler finishing, a
/// completion queued) changes the value tens of thousands of times a second,
/// and waking every waiter each time cost a fifth of the drain rate.
///
/// `@unchecked Sendable`: `value` is read and written only inside `condition`'s
/// lock (`withLock`, `wait`), so no two threads ever touch it at once.
final class Monitor<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Reads or changes the value under the lock without waking anyone: for
    /// changes no waiter's predicate depends on.
    @discardableResult
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        condition.lock()
        defer { condition.unlock() }
        return try body(&value)
    }

    /// Changes the value under the lock, then wakes every waiter to re-check.
    @discardableResult
    func update<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Wakes every waiter to re-check its predicate.
    func signal() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until `predicate` holds or `timeout` passes; returns whether it held.
    /// The predicate runs under the lock and may change the value (to consume a signal).
    @discardableResult
    func wait(timeout: Duration, until predicate: (inout Value) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds(timeout))
        condition.lock()
        defer { condition.unlock() }
        while !predicate(&value) {
            if !condition.wait(until: deadline) { return predicate(&value) }
        }
        return true
    }
}
