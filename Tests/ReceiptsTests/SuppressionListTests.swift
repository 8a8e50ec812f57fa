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
            #expect(try world.suppress(.sms, "+14155550100", .optedOut, business: salon))
            #expect(try world.isSuppressed(.sms, "+14155550100", business: salon))
            #expect(try !world.isSuppressed(.sms, "+14155550100", business: clinic))
            #expect(try !world.isSuppressed(.sms, "+14155550100"))
            #expect(try !world.suppress(.sms, "+14155550100", .invalidNumber, business: salon), "the first entry and its reason stay")

            try world.suppress(.email, "Ada@Example.com", .hardBounce)
            #expect(try world.isSuppressed(.email, "ada@example.com", business: clinic))
            let clear = { try world.pool.withConnection {
                try PostgresSuppressionList.clear(channel: .email, recipient: "ADA@example.com", business: nil, reason: nil, on: $0)
            } }
            #expect(try clear())
            #expect(try !world.isSuppressed(.email, "ada@example.com", business: clinic))
            #expect(try !clear())
        }
    }

    @Test func malformedRecipientsAreRefusedWithoutEchoingThem() async throws {
        try await ReceiptWorld.with { world async throws in
            let error = #expect(throws: ReceiptsError.self) { try world.suppress(.sms, "0800 123", .manual) }
            #expect(error?.code == "receipts.recipient")
            #expect(error?.description.contains("0800") == false)
        }
    }
}
