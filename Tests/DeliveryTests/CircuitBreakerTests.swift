import Delivery
import Foundation
import Synchronization
import Testing
import Vocabulary

/// Records pause/resume calls, as the queue's implementation would act on them.
final class RecordingControl: ChannelControl {
    let calls = Mutex<[String]>([])
    func pause(_ channel: Channel) { calls.withLock { $0.append("pause \(channel.rawValue)") } }
    func resume(_ channel: Channel) { calls.withLock { $0.append("resume \(channel.rawValue)") } }
    var recorded: [String] { calls.withLock { $0 } }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_796_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Collects log lines.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    let control = RecordingControl()
    let clock = ManualClock()
    let logs = LogLines()

    func makeBreaker(threshold: Int = 3) -> CircuitBreaker {
        let clock = clock, logs = logs
        return CircuitBreaker(channel: .sms, failureThreshold: threshold, probeInterval: .seconds(30),
                              control: control, now: { clock.now },
                              log: { line in logs.append(line) })
    }

    @Test("a channel fault opens the breaker at once and pauses the channel")
    func channelFaultOpens() async {
        let breaker = makeBreaker()
        breaker.record(.channelFault)
        #expect(breaker.state == .open(since: clock.now))
        #expect(control.recorded == ["pause sms"])
        #expect(!breaker.permitsAttempt())
        #expect(logs.lines.first?.contains("circuit opened channel=sms") == true)
    }

    @Test("a run of transient failures opens it; a success in between resets the count")
    func transientRun() async {
        let breaker = makeBreaker(threshold: 3)
        breaker.record(.transient)
        breaker.record(.transient)
        breaker.record(.delivered)
        breaker.record(.transient)
        breaker.record(.transient)
        #expect(breaker.state == .closed)
        breaker.record(.transient)
        #expect(breaker.state == .open(since: clock.now))
        #expect(control.recorded == ["pause sms"])
    }

    @Test("one probe per interval; its success closes the breaker and resumes the channel")
    func probeSucceeds() async {
        let breaker = makeBreaker()
        breaker.record(.channelFault)
        clock.advance(29)
        #expect(!breaker.permitsAttempt())
        clock.advance(1)
        #expect(breaker.permitsAttempt())
        #expect(breaker.state == .probing)
        #expect(!breaker.permitsAttempt())
        breaker.record(.delivered)
        #expect(breaker.state == .closed)
        #expect(control.recorded == ["pause sms", "resume sms"])
        #expect(breaker.permitsAttempt())
    }

    /// The queue was resumed for the probe (BreakerProbe), so a failed probe
    /// must pause it again; the resilience suite's smtpdown scenario found
    /// the queue left running for the rest of an outage.
    @Test("a failed probe re-opens the breaker until the next interval and pauses the channel again")
    func probeFails() async {
        let breaker = makeBreaker()
        breaker.record(.channelFault)
        clock.advance(30)
        #expect(breaker.permitsAttempt())
        breaker.record(.transient)
        #expect(breaker.state == .open(since: clock.now))
        #expect(!breaker.permitsAttempt())
        clock.advance(30)
        #expect(breaker.permitsAttempt())
        #expect(control.recorded == ["pause sms", "pause sms"])
    }

    @Test("results of messages sent before it opened change nothing while open")
    func lateResultsIgnored() async {
        let breaker = makeBreaker()
        breaker.record(.channelFault)
        breaker.record(.delivered)
        breaker.record(.channelFault)
        #expect(breaker.state == .open(since: clock.now))
        #expect(control.recorded == ["pause sms"])
    }
}
