import Foundation
@testable import Queue
import Synchronization
import Testing

@Suite("A claim's handlers share one read")
struct ClaimedBatchTests {
    /// Sixteen handlers ask at once while the first read takes 50 ms: one read,
    /// the same value for all; another key is read on its own.
    @Test func handlersAskingAtOnceWaitForTheFirstRead() {
        let batch = ClaimedBatch([])
        let reads = Atomic<Int>(0)
        let values = Mutex<[Int]>([])
        let done = DispatchGroup()
        for _ in 0..<16 {
            done.enter()
            Thread.detachNewThread {
                let value = batch.shared("facts") { _ -> Int in
                    let count = reads.add(1, ordering: .relaxed).newValue
                    Thread.sleep(forTimeInterval: 0.05)
                    return 41 + count
                }
                values.withLock { $0.append(value) }
                done.leave()
            }
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(reads.load(ordering: .relaxed) == 1)
        #expect(values.withLock { $0 } == Array(repeating: 42, count: 16))
        #expect(batch.shared("other") { _ in "read again" } == "read again")
        #expect(batch.shared("facts") { _ in 0 } == 42)
    }
}
