@testable import API
import Foundation
import Synchronization
import Testing

/// A clock tests move by hand, in seconds.
final class TestSeconds: Sendable {
    private let now = Mutex<Double>(0)
    func read() -> Double { now.withLock { $0 } }
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
}

@Suite("Each API key gets a token bucket: a burst, then a steady rate")
struct RateLimiterTests {
    @Test func aKeyGetsItsBurstThenWaitsAsLongAsRetryAfterSays() {
        let clock = TestSeconds()
        let limiter = RateLimiter(ratePerSecond: 2, burst: 3, clock: clock.read)
        let key = UUID()
        #expect((0..<3).map { _ in limiter.admit(key) } == [.allowed, .allowed, .allowed])
        #expect(limiter.admit(key) == .limited(retryAfter: 1))
        clock.advance(0.5)
        #expect(limiter.admit(key) == .allowed)
        #expect(limiter.admit(key) == .limited(retryAfter: 1))
        clock.advance(60)
        #expect((0..<4).map { _ in limiter.admit(key) } == [.allowed, .allowed, .allowed, .limited(retryAfter: 1)])
    }

    @Test func aSlowRateAsksForALongerWait() {
        let clock = TestSeconds()
        let limiter = RateLimiter(ratePerSecond: 0.1, burst: 1, clock: clock.read)
        let key = UUID()
        #expect(limiter.admit(key) == .allowed)
        #expect(limiter.admit(key) == .limited(retryAfter: 10))
        clock.advance(4)
        #expect(limiter.admit(key) == .limited(retryAfter: 6))
    }

    @Test func oneKeysBurstLeavesAnotherKeyAlone() {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 1, clock: TestSeconds().read)
        let (first, second) = (UUID(), UUID())
        #expect(limiter.admit(first) == .allowed)
        #expect(limiter.admit(first) != .allowed)
        #expect(limiter.admit(second) == .allowed)
    }

    @Test func idleBucketsAreDroppedSoMemoryStaysBounded() {
        let clock = TestSeconds()
        let limiter = RateLimiter(ratePerSecond: 1, burst: 2, capacity: 100, clock: clock.read)
        for _ in 0..<1_000 { _ = limiter.admit(UUID()) }
        #expect(limiter.count <= 100)
        // A busy key keeps its (empty) bucket while idle ones come and go.
        let busy = UUID()
        _ = limiter.admit(busy)
        _ = limiter.admit(busy)
        clock.advance(10)
        _ = limiter.admit(busy)
        _ = limiter.admit(busy)
        for _ in 0..<99 { _ = limiter.admit(UUID()) }
        #expect(limiter.admit(busy) == .limited(retryAfter: 1))
        #expect(limiter.count <= 100)
    }
}
