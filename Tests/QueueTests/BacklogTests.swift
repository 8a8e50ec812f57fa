@testable import Queue
import Testing

@Suite("The worker's backlog hands claimed jobs out first in, first out")
struct BacklogTests {
    @Test func popsInClaimOrderAcrossRefillsAndCompaction() {
        var backlog = Backlog<Int>()
        var next = 0, expected = 0
        // Claims of 150 while 100 are taken between them: the head passes 64
        // and half the array many times, and the backlog never runs dry.
        for _ in 0..<40 {
            backlog.append(contentsOf: Array(next..<next + 150))
            next += 150
            for _ in 0..<100 {
                #expect(backlog.popFirst() == expected)
                expected += 1
            }
            #expect(Array(backlog.waiting) == Array(expected..<next))
        }
        while let value = backlog.popFirst() {
            #expect(value == expected)
            expected += 1
        }
        #expect(expected == next && backlog.waiting.isEmpty && backlog.popFirst() == nil)
    }

    @Test func removeAllLeavesNothingWaiting() {
        var backlog = Backlog<Int>()
        backlog.append(contentsOf: [1, 2, 3])
        #expect(backlog.popFirst() == 1)
        backlog.removeAll()
        #expect(backlog.waiting.isEmpty && backlog.popFirst() == nil)
        backlog.append(contentsOf: [4])
        #expect(backlog.popFirst() == 4)
    }
}
