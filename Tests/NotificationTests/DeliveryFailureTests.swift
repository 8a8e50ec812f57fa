import Booking
import Delivery
import Foundation
import Notifications
import Postgres
import Queue
import Receipts
import Runtime
import Synchronization
import Testing
import TestSupport
import Vocabulary

@Suite("Failed deliveries retry, dead-letter and suppress as the provider's answer says", .serialized)
struct DeliveryFailureTests {
    static func smtp(_ peer: PeerProcess) -> @Sendable () throws -> any Transport {
        let port = peer.port
        return { try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", requireTLS: false, senderThreads: 2)) }
    }

    @Test func aServerAnswering451ForAWhileGetsTheMessageAfterRetries() throws {
        let peer = try PeerProcess("smtp_peer.py")
        try NotificationWorld.with(email: Self.smtp(peer)) { world in
            _ = try world.book(world.salon.at(10), email: "flaky@example.com", phone: nil)
            try world.runJobs()
            for _ in 0..<2 {
                // Past the backoff (15 s, then 30 s) by the database clock, not by sleeping.
                let now = try world.salon.scalar(Date.self, "SELECT booknow_now()")
                try world.salon.setDatabaseNow(now.addingTimeInterval(60))
                try world.runJobs()
            }
            #expect(try peer.files(withExtension: "json").count == 1)
            let attempts = try world.salon.scalar(Int.self, "SELECT attempt FROM jobs WHERE kind = 'send_message' AND payload->>'audience' IS NULL")
            let state = try world.salon.scalar(String.self, "SELECT state FROM jobs WHERE kind = 'send_message' AND payload->>'audience' IS NULL")
            #expect(state == "succeeded" && attempts == 3, "\(world.jobSummary())")
        }
    }

    @Test func aRecipientRefusedWith550IsDeadLetteredAndSuppressed() throws {
        let peer = try PeerProcess("smtp_peer.py")
        try NotificationWorld.with(email: Self.smtp(peer)) { world in
            _ = try world.book(world.salon.at(10), email: "r550@example.com", phone: nil)
            try world.runJobs()
            let dead = try world.salon.pool.withConnection { try DeadLetters.list(on: $0) }
            #expect(dead.count == 1 && dead.first?.lastErrorCode == "smtp_550", "\(world.jobSummary())")
            #expect(try world.salon.scalar(String.self, "SELECT reason FROM suppressions WHERE recipient = 'r550@example.com'") == "hard_bounce")

            // Another message to the suppressed address is not attempted at all.
            _ = try world.book(world.salon.at(14), email: "r550@example.com", phone: nil)
            try world.runJobs()
            #expect(try world.salon.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE state = 'cancelled' AND payload->>'audience' IS NULL") == 1)
            #expect(try peer.files(withExtension: "json").isEmpty)
        }
    }
}

/// Counts what a breaker asks of its channel's queue (the daemon's `QueueChannelControl` pauses it).
final class CountingControl: ChannelControl {
    let calls = Mutex<[String]>([])
    func pause(_ channel: Channel) { calls.withLock { $0.append("pause \(channel.rawValue)") } }
    func resume(_ channel: Channel) { calls.withLock { $0.append("resume \(channel.rawValue)") } }
}

@Suite("An open circuit breaker holds its channel's messages without using their attempts")
struct OpenBreakerTests {
    @Test func emailWaitsWhileItsBreakerIsOpenAndSMSStillGoesOut() throws {
        let control = CountingControl()
        let breaker = CircuitBreaker(channel: .email, failureThreshold: 3, probeInterval: .seconds(3600), control: control, log: { _ in })
        breaker.record(.channelFault)
        #expect(control.calls.withLock { $0 } == ["pause email"])
        try NotificationWorld.with(breakers: [breaker]) { world in
            _ = try world.book(world.salon.at(10))
            try world.runJobs()
            #expect(try world.emails().isEmpty)
            #expect(try world.texts().count == 1)
            let email = try world.salon.pool.withConnection {
                try $0.query("SELECT state, attempt FROM jobs WHERE queue = 'email' AND kind = 'send_message' AND payload->>'audience' IS NULL")
            }
            #expect(email.count == 1)
            #expect(try email[0].decode(String.self, at: 0) == "scheduled", "\(world.jobSummary())")
            #expect(try email[0].decode(Int.self, at: 1) == 0, "a snooze gives the attempt back")
        }
    }
}

@Suite("A customer who replied STOP gets no further SMS")
struct OptOutTests {
    @Test func anOptedOutNumberGetsNoSMSButStillGetsEmail() throws {
        try NotificationWorld.with { world in
            try world.salon.pool.withConnection { connection in
                _ = try PostgresSuppressionList.suppress(channel: .sms, recipient: "+14155550100", reason: .optedOut, business: nil, on: connection)
            }
            _ = try world.book(world.salon.at(10))
            try world.runJobs()
            #expect(try world.texts().isEmpty)
            #expect(try world.emails().count == 1)
            let sms = try world.salon.scalar(String.self, "SELECT state FROM jobs WHERE queue = 'sms'")
            #expect(sms == "cancelled")
        }
    }
}

/// Delivers through the first transport until told the problem is fixed, then the second.
final class FixableTransport: Transport {
    let name = "fixable"
    private let broken: any Transport
    private let fixed: any Transport
    private let isFixed = Mutex(false)

    init(broken: any Transport, fixed: any Transport) {
        self.broken = broken
        self.fixed = fixed
    }

    func fix() { isFixed.withLock { $0 = true } }

    func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        (isFixed.withLock { $0 } ? fixed : broken).send(message, completion: completion)
    }

    func shutdown() {
        broken.shutdown()
        fixed.shutdown()
    }
}

@Suite("A dead letter replayed after the fix is delivered once")
struct ReplayTests {
    /// The fix for a 550 is two steps: the mailbox works again (the transport) and
    /// an operator lifts the suppression the 550 made; until the second, replay refuses.
    @Test func aSuppressedRecipientsDeadLetterIsRefusedUntilTheEntryIsRemovedThenDeliveredOnce() throws {
        let peer = try PeerProcess("smtp_peer.py")
        let fixedMailbox = try TestEnvironment.scratchFolder()
        let port = peer.port
        let transport = try FixableTransport(
            broken: SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", requireTLS: false, senderThreads: 1)),
            fixed: OutboxTransport(settings: OutboxSettings(directory: fixedMailbox.path)))
        try NotificationWorld.with(email: { transport }) { world in
            _ = try world.book(world.salon.at(10), email: "r550@example.com", phone: nil)
            try world.runJobs()
            let dead = try world.salon.pool.withConnection { try DeadLetters.list(on: $0) }
            #expect(dead.count == 1)
            // The 550 went on the list, counted like a bounce receipt; its reply is stored with its code once.
            let series = #"booknow_suppressions_added_total{channel="email",reason="hard_bounce"} "#
            let counted = world.metrics.render().split(separator: "\n").first { $0.hasPrefix(series) }.flatMap { Double($0.dropFirst(series.count)) }
            #expect(counted == 1)
            let reply = try world.salon.pool.withConnection { try DeadLetters.show(dead[0].id, on: $0).attempts.last?.providerReply }
            #expect(reply == "550 5.1.1 No such user")

            transport.fix()
            try world.salon.pool.withConnection { connection in
                // The dry run and the replay ask the same check: both refuse, naming the entry.
                let dry = try DeadLetters.replay(dead.map(\.id), by: "test", registry: world.registry, dryRun: true, on: connection)
                let real = try DeadLetters.replay(dead.map(\.id), by: "test", registry: world.registry, on: connection)
                for report in [dry, real] {
                    #expect(report.replayed.isEmpty && report.refused.count == 1)
                    #expect(report.refused.first?.reason.hasPrefix("recipient suppressed (hard_bounce, since ") == true, "\(report)")
                }
                #expect(try DeadLetters.list(on: connection).map(\.id) == dead.map(\.id))

                let entry = try #require(try PostgresSuppressionList.blocking(channel: .email, recipient: "r550@example.com", business: nil, on: connection))
                #expect(try PostgresSuppressionList.remove(entry.id, on: connection) == entry)
                let after = try DeadLetters.replay(dead.map(\.id), by: "test", registry: world.registry, dryRun: true, on: connection)
                #expect(after.replayed == dead.map(\.id) && after.refused.isEmpty)
                #expect(try DeadLetters.replay(dead.map(\.id), by: "test", registry: world.registry, on: connection).replayed == dead.map(\.id))
            }
            try world.runJobs()
            try world.runJobs()
            let delivered = try FileManager.default.contentsOfDirectory(atPath: fixedMailbox.path).filter { $0.hasSuffix(".eml") }
            #expect(delivered.count == 1)
            #expect(try world.salon.scalar(String.self, "SELECT state FROM jobs WHERE id = $1", [dead[0].id]) == "succeeded")
        }
    }

    @Test func aMessageAboutACancelledBookingIsNotReplayed() throws {
        let peer = try PeerProcess("smtp_peer.py")
        let port = peer.port
        try NotificationWorld.with(email: { try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", requireTLS: false, senderThreads: 1)) }) { world in
            let booked = try world.book(world.salon.at(10), email: "r550@example.com", phone: nil)
            try world.runJobs()
            _ = try world.salon.store.cancel(manageToken: booked.manageToken, business: world.salon.seeded.businessID, reason: nil)
            try world.salon.pool.withConnection { connection in
                let dead = try DeadLetters.list(on: connection).filter { $0.payload.contains("booking_confirmed") }
                let report = try DeadLetters.replay(dead.map(\.id), by: "test", registry: world.registry, on: connection)
                #expect(report.replayed.isEmpty && report.refused.count == 1)
            }
        }
    }
}
