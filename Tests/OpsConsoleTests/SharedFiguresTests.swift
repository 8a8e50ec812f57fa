import Foundation
import Runtime
import Synchronization
import Testing

/// The overview's shared figures are read once per window, whoever asks.
@Suite("the overview's shared figures")
struct SharedFiguresTests {
    @Test func theyAreReadAgainOnlyOnceTheyAreOlderThanTheirMaxAge() throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let reads = Mutex(0)
        let figures = SharedFigures<Int>(maxAge: 30, now: { clock.withLock { $0 } })
        func read() -> Int { reads.withLock { $0 += 1; return $0 } }
        func shared() -> Int { (try? figures.current(read))?.value ?? -1 }
        #expect(shared() == 1)
        clock.withLock { $0 += 29 }
        #expect(shared() == 1, "29 s later the figures read at first still stand")
        clock.withLock { $0 += 2 }
        #expect(shared() == 2, "past 30 s they are read again")
        #expect(try figures.current { 99 }.readAt == Date(timeIntervalSince1970: 1_800_000_031))
        struct Refused: Error {}
        clock.withLock { $0 += 31 }
        #expect(throws: Refused.self) { try figures.current { throw Refused() } }
        #expect(shared() == 3, "a failed read leaves the next request to read again")
    }
}
