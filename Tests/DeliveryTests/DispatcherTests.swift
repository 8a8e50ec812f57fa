import Delivery
import Foundation
import Synchronization
import Testing
import Vocabulary

/// A transport that answers from a script and counts what it was given.
final class ScriptedTransport: Transport {
    let name = "scripted"
    private let answers: Mutex<[DeliveryOutcome]>
    let sent = Mutex(0)

    init(_ answers: [DeliveryOutcome]) { self.answers = Mutex(answers) }

    func deliver(_ message: OutgoingMessage) async -> DeliveryResult {
        sent.withLock { $0 += 1 }
        let outcome = answers.withLock { $0.isEmpty ? .delivered : $0.removeFirst() }
        return DeliveryResult(outcome: outcome, replyCode: outcome == .permanentRecipient ? 400 : 201,
                              replyText: "scripted")
    }

    func shutdown() async {}
}

@Suite("Suppression and dispatch")
struct DispatcherTests {
    @Test("a permanent recipient failure suppresses the recipient; the next send is refused without a send")
    func suppressesAfterPermanentFailure() async throws {
        let transport = ScriptedTransport([.permanentRecipient])
        let list = InMemorySuppressionList()
        let dispatcher = Dispatcher(transport: transport, suppressions: list)
        let message = OutgoingMessage.sms(try Fixtures.sms(to: "+15550021610"))
        #expect(await dispatcher.send(message).outcome == .permanentRecipient)
        #expect(try await list.isSuppressed(channel: .sms, recipient: "+15550021610"))
        #expect(list.reason(channel: .sms, recipient: "+15550021610") == "400 scripted")
        #expect(await dispatcher.send(message).outcome == .permanentRecipient)
        #expect(transport.sent.withLock { $0 } == 1)
        #expect(try await !list.isSuppressed(channel: .email, recipient: "+15550021610"))
        list.clear(channel: .sms, recipient: "+15550021610")
        #expect(await dispatcher.send(message).outcome == .delivered)
    }

    @Test("email recipients are suppressed case-insensitively")
    func emailCase() async throws {
        let list = InMemorySuppressionList()
        try await list.suppress(channel: .email, recipient: "gone@example.test", reason: "550")
        let dispatcher = Dispatcher(transport: ScriptedTransport([]), suppressions: list)
        let result = await dispatcher.send(.email(try Fixtures.email(to: "Gone@Example.test")))
        #expect(result.outcome == .permanentRecipient)
    }

    @Test("an open breaker snoozes messages instead of sending them")
    func openBreakerSnoozes() async throws {
        let transport = ScriptedTransport([.channelFault])
        let breaker = CircuitBreaker(channel: .sms, control: RecordingControl(), log: { _ in })
        let dispatcher = Dispatcher(transport: transport, suppressions: InMemorySuppressionList(),
                                    breakers: [breaker], openSnooze: .seconds(30))
        let message = OutgoingMessage.sms(try Fixtures.sms(to: "+15550000001"))
        #expect(await dispatcher.send(message).outcome == .channelFault)
        #expect(await dispatcher.send(message).outcome == .snooze(.seconds(30)))
        #expect(transport.sent.withLock { $0 } == 1)
    }
}
