import Foundation
import Postgres
@testable import Queue
import Runtime
import Synchronization
import Testing
import TestSupport

@Suite("A worker's threads give way to the daemon's other threads")
struct WorkerPriorityTests {
    /// The nice values seen on the handler threads (in the handler) and on the
    /// completion writers (in the `finished` event, which they send).
    private final class Seen: Sendable {
        let handlers = Mutex<Set<Int32>>([])
        let writers = Mutex<Set<Int32>>([])
    }

    private func niceValues(threadNice: Int32) throws -> Seen {
        let seen = Seen()
        try TestDatabase.with { db in
            let pool = db.makePool(size: 6)
            var registry = JobRegistry()
            registry.register("test") { _ in
                seen.handlers.withLock { _ = $0.insert(ThreadPriority.currentNice()) }
                return .succeeded
            }
            var configuration = testConfiguration()
            configuration.threadNice = threadNice
            configuration.events = { event in
                if case .finished = event { seen.writers.withLock { _ = $0.insert(ThreadPriority.currentNice()) } }
            }
            try withWorkers(pool: pool, registry: registry, configuration: configuration) { workers in
                _ = try pool.enqueue((0..<12).map { _ in NewJob(kind: "test") })
                #expect(workers[0].waitForCompletions(12, timeout: .seconds(10)))
            }
        }
        return seen
    }

    @Test func handlersAndCompletionWritersRunAtTheConfiguredNiceValue() throws {
        let base = ThreadPriority.currentNice()
        let seen = try niceValues(threadNice: 7)
        #expect(seen.handlers.withLock { $0 } == [max(7, base)])
        #expect(seen.writers.withLock { $0 } == [max(7, base)])
        // The caller's own thread is untouched: the value belongs to each thread.
        #expect(ThreadPriority.currentNice() == base)
    }

    @Test func niceValueZeroLeavesThreadsAtTheirCreatorsPriority() throws {
        let base = ThreadPriority.currentNice()
        let seen = try niceValues(threadNice: 0)
        #expect(seen.handlers.withLock { $0 } == [base])
        #expect(seen.writers.withLock { $0 } == [base])
    }
}
