import Booking
import Delivery
import Foundation
import Notifications
import Postgres
import Queue
import Receipts
import Testing
import TestSupport

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
