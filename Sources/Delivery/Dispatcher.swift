public import Vocabulary

/// Sends one message through a transport with the channel's guards around it.
///
/// Before: a suppressed recipient is answered `permanentRecipient` without a
/// send, and an open circuit breaker answers `snooze` (no attempt used). After:
/// a `permanentRecipient` result adds the recipient to the suppression list,
/// and every result is fed to the breaker. This is what the notification
/// handlers call; the transports stay free of policy.
public struct Dispatcher: Sendable {
    public let transport: any Transport
    public let suppressions: any SuppressionList
    /// One breaker per channel; a channel without one is never paused.
    public let breakers: [Channel: CircuitBreaker]
    /// How long a message waits when its channel's breaker is open.
    public let openSnooze: Duration

    public init(transport: any Transport, suppressions: any SuppressionList,
                breakers: [CircuitBreaker] = [], openSnooze: Duration = .seconds(30)) {
        self.transport = transport
        self.suppressions = suppressions
        self.breakers = Dictionary(breakers.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.openSnooze = openSnooze
    }

    public func send(_ message: OutgoingMessage) async -> DeliveryResult {
        let channel = message.channel, recipient = message.recipient
        do {
            if try await suppressions.isSuppressed(channel: channel, recipient: recipient) {
                return DeliveryResult(outcome: .permanentRecipient, replyText: "recipient is suppressed on \(channel)")
            }
        } catch {
            return DeliveryResult(outcome: .transient, replyText: "suppression list unavailable")
        }
        let breaker = breakers[channel]
        if let breaker, !breaker.permitsAttempt() {
            return DeliveryResult(outcome: .snooze(openSnooze), replyText: "circuit open on \(channel)")
        }
        let result = await transport.deliver(message)
        await breaker?.record(result.outcome)
        if result.outcome == .permanentRecipient {
            let reason = result.replyLine.trimmingSpaces()
            try? await suppressions.suppress(channel: channel, recipient: recipient, reason: String(reason.prefix(200)))
        }
        return result
    }
}
