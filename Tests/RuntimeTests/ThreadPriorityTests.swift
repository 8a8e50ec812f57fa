import Foundation
import Runtime
import Synchronization
import Testing

@Suite("A thread lowers its own priority, never another's, and never raises it")
struct ThreadPriorityTests {
    /// Runs `body` on a new thread and returns what it returned.
    private func onNewThread(_ body: @escaping @Sendable () -> [Int32]) -> [Int32] {
        let result = Mutex<[Int32]>([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.withLock { $0 = body() }
            done.signal()
        }.start()
        done.wait()
        return result.withLock { $0 }
    }

    @Test func aThreadLowersItsOwnNiceValueOnly() {
        let base = ThreadPriority.currentNice()
        let seen = onNewThread {
            ThreadPriority.lowerCurrentThread(to: 5)
            let lowered = ThreadPriority.currentNice()
            ThreadPriority.lowerCurrentThread(to: 3)   // would raise it: ignored
            let kept = ThreadPriority.currentNice()
            ThreadPriority.lowerCurrentThread(to: 40)  // past the range: the lowest there is
            return [lowered, kept, ThreadPriority.currentNice()]
        }
        #expect(seen == [max(5, base), max(5, base), 19])
        #expect(ThreadPriority.currentNice() == base)
    }

    @Test func zeroChangesNothing() {
        let base = ThreadPriority.currentNice()
        #expect(onNewThread {
            ThreadPriority.lowerCurrentThread(to: 0)
            return [ThreadPriority.currentNice()]
        } == [base])
    }
}
