import Delivery
import Foundation
import HTTPServer
import Postgres
import Receipts
import TestSupport
import Testing
import Vocabulary

@Suite("PostgreSQL suppression list")
struct SuppressionListTests {
    @Test func aBusinessEntryAppliesToThatBusinessOnlyAndAGlobalOneToAll() async throws {
        try await ReceiptWorld.with { world async throws in
            let (salon, clinic) = try world.pool.withConnection { connection in
                let ids = try connection.query(
                    "INSERT INTO businesses (name, time_zone) VALUES ('Salon', 'UTC'), ('Clinic', 'UTC') RETURNING id")
                return (try ids[0].decode(UUID.self, at: 0), try ids[1].decode(UUID.self, at: 0))
            }
            let list = world.suppressions
            #expect(try await list.suppress(channel: .sms, recipient: "+14155550100", reason: .optedOut, business: salon))
            #expect(try await list.isSuppressed(channel: .sms, recipient: "+14155550100", business: salon))
            #expect(try await !list.isSuppressed(channel: .sms, recipient: "+14155550100", business: clinic))
            #expect(try await !list.isSuppressed(channel: .sms, recipient: "+14155550100"))

            try await list.suppress(channel: .email, recipient: "Ada@Example.com", reason: "hard_bounce")
            #expect(try await list.isSuppressed(channel: .email, recipient: "ada@example.com", business: clinic))
            #expect(try await list.clear(channel: .email, recipient: "ADA@example.com"))
            #expect(try await !list.isSuppressed(channel: .email, recipient: "ada@example.com", business: clinic))
            #expect(try await !list.clear(channel: .email, recipient: "ada@example.com"))
        }
    }

    @Test func unknownReasonsAndMalformedRecipientsAreRefused() async throws {
        try await ReceiptWorld.with { world async throws in
            await #expect(throws: ReceiptsError.self) {
                try await world.suppressions.suppress(channel: .sms, recipient: "+14155550100", reason: "annoyed")
            }
            let error = await #expect(throws: ReceiptsError.self) {
                try await world.suppressions.suppress(channel: .sms, recipient: "0800 123", reason: "manual")
            }
            #expect(error?.code == "receipts.recipient")
            #expect(error?.description.contains("0800") == false)
        }
    }
}
