import Glibc
import Runtime
import Synchronization
import Testing

/// Records the order of starts and stops across services.
final class Journal: Sendable {
    private let storage = Mutex<[String]>([])

    func record(_ event: String) {
        storage.withLock { $0.append(event) }
    }

    var events: [String] { storage.withLock { $0 } }
}

/// A service whose start and stop can fail or hang, recording what happens.
struct ProbeService: Service {
    enum Behaviour: Sendable { case normal, failStart, failStop, hangStop }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    let journal: Journal
    var behaviour = Behaviour.normal
    /// Called after a successful start, so a test can trigger shutdown once everything runs.
    var onStart: @Sendable () -> Void = {}

    func start() async throws {
        if behaviour == .failStart { throw Failure(description: "port in use") }
        journal.record("start \(name)")
        onStart()
    }

    func stop() async throws {
        journal.record("stop \(name)")
        switch behaviour {
        case .failStop: throw Failure(description: "flush failed")
        case .hangStop: try await Task.sleep(for: .seconds(3600))
        case .normal, .failStart: break
        }
    }
}

@Suite(.serialized) struct ServiceGroupTests {
    private func makeGroup(_ services: [any Service], notifySocket: String? = nil, timeout: Duration = .seconds(5),
                           signals: [Int32] = []) -> ServiceGroup {
        ServiceGroup(services: services, logger: Logger(sink: RecordingLogSink()),
                     notifier: SystemdNotifier(socketPath: notifySocket), shutdownTimeout: timeout, signals: signals)
    }

    @Test func servicesStartInOrderAndStopInReverseOnRequest() async throws {
        let journal = Journal()
        let receiver = try DatagramReceiver()
        let box = GroupBox()
        let services: [any Service] = [
            ProbeService(name: "pool", journal: journal),
            ProbeService(name: "http", journal: journal, onStart: { box.group?.requestShutdown(reason: "test") }),
        ]
        let group = makeGroup(services, notifySocket: receiver.address)
        box.group = group
        let termination = await group.run()
        #expect(termination == .init(cause: .requested("test"), stopFailures: []))
        #expect(termination.exitCode == 0)
        #expect(journal.events == ["start pool", "start http", "stop http", "stop pool"])
        #expect(await receiver.next() == "READY=1\nSTATUS=running")
        #expect(await receiver.next() == "STOPPING=1\nSTATUS=stopping")
    }

    @Test func aFailedStartStopsWhatStartedAndExitsNonZero() async {
        let journal = Journal()
        let group = makeGroup([
            ProbeService(name: "pool", journal: journal),
            ProbeService(name: "http", journal: journal, behaviour: .failStart),
            ProbeService(name: "worker", journal: journal),
        ])
        let termination = await group.run()
        #expect(termination.cause == .startFailed(service: "http", error: "port in use"))
        #expect(termination.exitCode == 1)
        #expect(journal.events == ["start pool", "stop pool"])
    }

    @Test func aStopThatFailsOrHangsIsReportedAndTheRestStillStop() async {
        let journal = Journal()
        let group = makeGroup([
            ProbeService(name: "pool", journal: journal),
            ProbeService(name: "worker", journal: journal, behaviour: .hangStop),
            ProbeService(name: "http", journal: journal, behaviour: .failStop),
        ], timeout: .milliseconds(200))
        group.requestShutdown(reason: "early")
        let clock = ContinuousClock()
        let started = clock.now
        let termination = await group.run()
        #expect(clock.now - started < .seconds(60), "the hanging stop (an hour) was not waited for")
        #expect(termination.stopFailures == ["http: flush failed", "worker: did not stop within the shutdown timeout"])
        #expect(termination.exitCode == 1)
        #expect(journal.events == ["start pool", "start worker", "start http", "stop http", "stop worker", "stop pool"])
    }

    @Test func aReportedFailureExitsNonZero() async {
        let group = makeGroup([ProbeService(name: "pool", journal: Journal())])
        group.requestShutdown(failure: "database gone")
        group.requestShutdown(reason: "later requests do not change the cause")
        let termination = await group.run()
        #expect(termination.cause == .failed("database gone"))
        #expect(termination.exitCode == 1)
    }

    /// Repeated because a signal sent right after the handlers are installed
    /// used to be lost now and then (before registration was awaited).
    @Test(arguments: 0..<10)
    func sigtermStartsAGracefulShutdownThatExitsZero(attempt: Int) async {
        let journal = Journal()
        let service = ProbeService(name: "http", journal: journal, onStart: { kill(getpid(), SIGTERM) })
        let group = makeGroup([service], signals: [SIGTERM])
        let fallback = Task {
            try await Task.sleep(for: .seconds(5))
            group.requestShutdown(reason: "SIGTERM was lost")
        }
        let termination = await group.run()
        fallback.cancel()
        #expect(termination.cause == .signal(SIGTERM))
        #expect(termination.exitCode == 0)
        #expect(journal.events == ["start http", "stop http"])
    }
}

/// Lets a service reach the group it belongs to, which is created after it.
final class GroupBox: Sendable {
    private let storage = Mutex<ServiceGroup?>(nil)

    var group: ServiceGroup? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
