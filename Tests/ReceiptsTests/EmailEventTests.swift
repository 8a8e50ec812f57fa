import Delivery
import Foundation
import HTTPServer
import Postgres
import Receipts
import TestSupport
import Testing
import Vocabulary

@Suite("Signed email events")
struct EmailEventTests {
    @Test func bouncesAndComplaintsSuppressAndEveryEventIsRecorded() async throws {
        try await ReceiptWorld.with { world async throws in
            let body = """
                {"events":[
                  {"type":"bounce","recipient":"Ada@Example.com","message_id":"<m1@booknow.test>","detail":"550 5.1.1 no such user"},
                  {"type":"complaint","recipient":"grace@example.com","message_id":"<m2@booknow.test>"},
                  {"type":"delivered","recipient":"alan@example.com","message_id":"<m3@booknow.test>"}
                ]}
                """
            let response = try world.postEmail(body)
            #expect(response.status == 200)
            #expect(response.json["recorded"] as? Int == 3)
            #expect(try world.suppressionReason("email", "ada@example.com") == "hard_bounce")
            #expect(try world.suppressionReason("email", "grace@example.com") == "complaint")
            #expect(try world.suppressionReason("email", "alan@example.com") == nil)
            #expect(try world.isSuppressed(.email, "ADA@example.com"))
            #expect(try world.receiptCount == 3)
            let bounce = try world.pool.withConnection { try ReceiptStore.history(provider: "email", messageID: "<m1@booknow.test>", on: $0) }
            #expect(bounce.map(\.status) == [.bounced])
            #expect(bounce.first?.detail["detail"] == "550 5.1.1 no such user")
            #expect(world.counterValue(#"booknow_receipts_total{channel="email",status="delivered"}"#) == 1)
            #expect(world.counterValue(#"booknow_suppressions_added_total{channel="email",reason="hard_bounce"}"#) == 1)
        }
    }

    @Test func aRepeatedBounceKeepsOneEntryAndCountsItOnce() async throws {
        try await ReceiptWorld.with { world async throws in
            let body = #"{"events":[{"type":"bounce","recipient":"ada@example.com","message_id":"<m1@booknow.test>"}]}"#
            #expect(try world.postEmail(body).status == 200)
            #expect(try world.postEmail(body).status == 200)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 1)
            #expect(world.counterValue(#"booknow_suppressions_added_total{channel="email",reason="hard_bounce"}"#) == 1)
        }
    }

    @Test func aStaleOrFutureTimestampIsRefused() async throws {
        try await ReceiptWorld.with { world async throws in
            let body = #"{"events":[{"type":"bounce","recipient":"ada@example.com","message_id":"<m1@booknow.test>"}]}"#
            let now = Int(Date().timeIntervalSince1970)
            let stale = try world.postEmail(body, timestamp: now - 301)
            #expect(stale.status == 403)
            #expect(stale.json["code"] as? String == "stale_timestamp")
            #expect(try world.postEmail(body, timestamp: now + 600).status == 403)
            #expect(try world.receiptCount == 0)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }

    @Test func aBadOrMissingSignatureIsRefused() async throws {
        try await ReceiptWorld.with { world async throws in
            let body = #"{"events":[{"type":"bounce","recipient":"ada@example.com","message_id":"<m1@booknow.test>"}]}"#
            let forged = try world.postEmail(body, key: "another-key")
            #expect(forged.status == 403)
            #expect(forged.json["code"] as? String == "invalid_signature")
            #expect(try world.postEmail(body, signed: false).status == 403)
            #expect(try world.postRaw("/v1/providers/email/events", body).status == 403)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }

    @Test func malformedBatchesAre400ProblemsAndRecordNothing() async throws {
        try await ReceiptWorld.with { world async throws in
            let notJSON = try world.postEmail("events: bounce")
            #expect(notJSON.status == 400)
            #expect(notJSON.headers["Content-Type"] == "application/problem+json")
            #expect(notJSON.json["code"] as? String == "invalid_json")
            let unknownType = try world.postEmail(#"{"events":[{"type":"opened","recipient":"a@example.com","message_id":"<m>"}]}"#)
            #expect(unknownType.status == 400)
            // One bad event refuses the whole batch: the good one before it is not recorded either.
            let badRecipient = try world.postEmail("""
                {"events":[{"type":"bounce","recipient":"ok@example.com","message_id":"<m1>"},
                           {"type":"bounce","recipient":"not an address","message_id":"<m2>"}]}
                """)
            #expect(badRecipient.status == 400)
            #expect(badRecipient.json["code"] as? String == "invalid_body")
            #expect(try world.receiptCount == 0)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }
}
