import Runtime
import Synchronization
import Testing

@Suite struct SystemdNotifierTests {
    @Test(arguments: [false, true])
    func messagesArriveOnTheNotifySocket(abstract: Bool) throws {
        let receiver = try DatagramReceiver(abstract: abstract)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.address])
        try notifier.notify(.ready, .status("serving on\n127.0.0.1:8080"))
        try notifier.notify(.watchdog)
        try notifier.notify(.stopping)
        #expect(receiver.receive() == "READY=1\nSTATUS=serving on 127.0.0.1:8080")
        #expect(receiver.receive() == "WATCHDOG=1")
        #expect(receiver.receive() == "STOPPING=1")
    }

    @Test func withoutNotifySocketNothingIsSent() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        try notifier.notify(.ready)
    }

    @Test func anUnreachableSocketIsANotifyError() throws {
        let notifier = SystemdNotifier(socketPath: "/nonexistent/notify")
        let error = try #require(#expect(throws: RuntimeError.self) { try notifier.notify(.ready) })
        #expect(error.code == .notifyFailed)
        #expect(error.description.hasPrefix("/nonexistent/notify: sendto: "))
    }

    @Test(arguments: [
        (["WATCHDOG_USEC": "20000000"], Duration?.some(.seconds(10))),
        (["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "42"], .some(.milliseconds(1500))),
        (["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "43"], nil),
        (["WATCHDOG_USEC": "0"], nil),
        (["WATCHDOG_USEC": "soon"], nil),
        ([:], nil),
    ])
    func watchdogIntervalIsHalfOfWatchdogUsec(environment: [String: String], expected: Duration?) {
        #expect(Watchdog.interval(environment: environment, pid: 42) == expected)
    }

    @Test func watchdogTicksOnlyWhileHealthy() async throws {
        let receiver = try DatagramReceiver()
        let health = HealthFlag()
        let sink = RecordingLogSink()
        let watchdog = Watchdog(interval: .seconds(1), notifier: SystemdNotifier(socketPath: receiver.address),
                                logger: Logger(sink: sink), isHealthy: { health.value })
        #expect(await watchdog.tick())
        #expect(await receiver.next() == "WATCHDOG=1")
        health.value = false
        #expect(await watchdog.tick() == false)
        #expect(await receiver.next(timeout: .milliseconds(50)) == nil)
        #expect(sink.lines == [#"level=warning msg="health check failed; withholding watchdog keep-alive""#])
    }

    @Test func watchdogServiceSendsKeepAlivesUntilStopped() async throws {
        let receiver = try DatagramReceiver()
        let watchdog = Watchdog(interval: .milliseconds(10), notifier: SystemdNotifier(socketPath: receiver.address),
                                logger: Logger(sink: RecordingLogSink()), isHealthy: { true })
        try await watchdog.start()
        #expect(await receiver.next() == "WATCHDOG=1")
        #expect(await receiver.next() == "WATCHDOG=1")
        try await watchdog.stop()
        while receiver.receive(timeout: .zero) != nil {} // keep-alives sent before stop() returned
        #expect(await receiver.next(timeout: .milliseconds(50)) == nil)
    }
}

/// A health answer a test can flip.
final class HealthFlag: Sendable {
    private let storage = Mutex(true)

    var value: Bool {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
