import Delivery
import Foundation
import HTTPServer
import Postgres
import Receipts
import TestSupport
import Testing

@Suite("Routes without a configured secret")
struct UnconfiguredRouteTests {
    @Test func everyCallbackRouteAnswers404AndAcceptsNothing() async throws {
        try await ReceiptWorld.with(configured: false) { world async throws in
            let responses = [
                try world.postTwilio("/v1/providers/twilio/status", [("MessageSid", "SM1"), ("MessageStatus", "delivered")]),
                try world.postTwilio("/v1/providers/twilio/inbound", [("From", "+14155550100"), ("Body", "STOP")]),
                try world.postEmail(#"{"events":[{"type":"bounce","recipient":"a@example.com","message_id":"<m>"}]}"#),
            ]
            for response in responses {
                #expect(response.status == 404)
                #expect(response.json["code"] as? String == "not_configured")
            }
            #expect(try world.receiptCount == 0)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }
}
