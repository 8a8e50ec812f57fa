/// How a kind retries: exponential backoff with jitter, capped, and a maximum
/// number of attempts (min(15 min, 15 s × 2^(attempt−1)) ± 20%, 10 attempts).
///
/// Pure arithmetic, so it is tested without a database; randomness comes in
/// as a number so tests can pin the jitter.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration
    /// The fraction of the delay that jitter may add or remove (0.2 is ±20%).
    public var jitter: Double

    public init(maxAttempts: Int = 10, base: Duration = .seconds(15), cap: Duration = .seconds(15 * 60), jitter: Double = 0.2) {
        precondition(maxAttempts > 0, "a job needs at least one attempt")
        precondition((0..<1).contains(jitter), "jitter is a fraction below 1")
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    public static let `default` = RetryPolicy()

    /// The delay before the next try after attempt number `attempt` (1-based) failed.
    /// - Parameter random: a number in [0, 1); 0.5 means no jitter.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(max(0, min(attempt - 1, 62)))
        let raw = min(seconds(cap), seconds(base) * pow2(exponent))
        let factor = 1 + jitter * (2 * random - 1)
        return .milliseconds(Int64((raw * factor * 1000).rounded()))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}

/// A duration in seconds, as a Double (for SQL intervals and arithmetic).
func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}
