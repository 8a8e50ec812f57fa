@testable import Queue
import Testing

@Suite("Retry backoff is min(15 min, 15 s × 2^(attempt−1)) ± 20%")
struct RetryPolicyTests {
    @Test func doublesFromFifteenSecondsAndCapsAtFifteenMinutes() {
        let policy = RetryPolicy.default
        #expect(policy.delay(afterAttempt: 1, random: 0.5) == .seconds(15))
        #expect(policy.delay(afterAttempt: 2, random: 0.5) == .seconds(30))
        #expect(policy.delay(afterAttempt: 6, random: 0.5) == .seconds(480))
        #expect(policy.delay(afterAttempt: 7, random: 0.5) == .seconds(900))
        #expect(policy.delay(afterAttempt: 40, random: 0.5) == .seconds(900))
        #expect(policy.maxAttempts == 10)
    }

    @Test func jitterStaysWithinTwentyPercent() {
        let policy = RetryPolicy.default
        #expect(policy.delay(afterAttempt: 1, random: 0) == .seconds(12))
        #expect(policy.delay(afterAttempt: 1, random: 0.999_999) <= .seconds(18))
        #expect(policy.delay(afterAttempt: 1, random: 0.999_999) > .milliseconds(17_990))
    }
}
