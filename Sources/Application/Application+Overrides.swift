public import Accounts
public import API
public import Booking
public import Delivery
public import Foundation
public import Vocabulary

extension Application {
    /// What a test (or a tool) replaces in the assembled application; every
    /// part left nil is built from the configuration, as the daemon builds it.
    public struct Overrides: Sendable {
        /// The transport of a channel, instead of `[email]`/`[smtp]` or `[sms]`.
        public var transports: [Channel: any Transport]
        /// The business console's sign-in mail, instead of the configured email transport.
        public var consoleMail: (any Transport)?
        /// The channels' circuit breakers, instead of one per channel from
        /// `worker.breaker_failures` (an empty dictionary: none).
        public var breakers: [Channel: CircuitBreaker]?
        /// Where booking operations hand their work, instead of the jobs table.
        public var outbox: (any WorkOutbox & CustomerErasure)?
        /// The pages' and public doors' clock, instead of the host's clock with the database's offset.
        public var now: (@Sendable () -> Date)?
        /// The monotonic clock that ages a claim's read of its messages, instead of the host's.
        public var monotonic: (@Sendable () -> ContinuousClock.Instant)?
        /// The per-key budgets, instead of `http.rate_limit_per_second` (`.some(nil)`: none).
        public var limiter: RateLimiter??
        /// The limits on public writes, instead of `[public]`.
        public var doors: PublicDoors?
        /// The business console's sign-in throttle, instead of the default one.
        public var consoleThrottle: SignInThrottle?
        /// The operator accounts (their scrypt cost), instead of the default one.
        public var operatorAccounts: OperatorAccounts?
        /// The operator console's sign-in throttle, instead of the default one.
        public var opsThrottle: SignInThrottle?

        public init(transports: [Channel: any Transport] = [:], consoleMail: (any Transport)? = nil,
                    breakers: [Channel: CircuitBreaker]? = nil, outbox: (any WorkOutbox & CustomerErasure)? = nil,
                    now: (@Sendable () -> Date)? = nil, monotonic: (@Sendable () -> ContinuousClock.Instant)? = nil,
                    limiter: RateLimiter?? = nil, doors: PublicDoors? = nil,
                    consoleThrottle: SignInThrottle? = nil, operatorAccounts: OperatorAccounts? = nil, opsThrottle: SignInThrottle? = nil) {
            self.transports = transports
            self.consoleMail = consoleMail
            self.breakers = breakers
            self.outbox = outbox
            self.now = now
            self.monotonic = monotonic
            self.limiter = limiter
            self.doors = doors
            self.consoleThrottle = consoleThrottle
            self.operatorAccounts = operatorAccounts
            self.opsThrottle = opsThrottle
        }
    }
}
