import Delivery
import Foundation
import HTTPServer
import Postgres
import Receipts
import TestSupport
import Testing
import Vocabulary

@Suite("Twilio status callbacks and inbound replies")
struct TwilioCallbackTests {
    static let status = "/v1/providers/twilio/status"
    static let inbound = "/v1/providers/twilio/inbound"

    static func callback(_ sid: String, _ status: String, errorCode: String? = nil, to: String = "+14155550100") -> [(String, String)] {
        var fields = [("MessageSid", sid), ("MessageStatus", status), ("To", to), ("From", "+14155550999"), ("AccountSid", "AC123")]
        if let errorCode { fields.append(("ErrorCode", errorCode)) }
        return fields
    }

    @Test func aSignedStatusCallbackIsRecordedAndCounted() async throws {
        try await ReceiptWorld.with { world async throws in
            let response = try world.postTwilio(Self.status, Self.callback("SM0001", "delivered"))
            #expect(response.status == 200)
            let latest = try world.pool.withConnection { try ReceiptStore.latest(provider: "twilio", messageID: "SM0001", on: $0) }
            #expect(latest?.status == .delivered)
            #expect(latest?.channel == .sms)
            #expect(world.counterValue(#"booknow_receipts_total{channel="sms",status="delivered"}"#) == 1)
        }
    }

    @Test func aBadOrMissingSignatureIsRefusedAndNothingIsRecorded() async throws {
        try await ReceiptWorld.with { world async throws in
            let forged = try world.postTwilio(Self.status, Self.callback("SM0002", "delivered"), token: "not-the-token")
            #expect(forged.status == 403)
            #expect(forged.headers["Content-Type"] == "application/problem+json")
            #expect(forged.json["code"] as? String == "invalid_signature")
            let unsigned = try world.postTwilio(Self.status, Self.callback("SM0002", "delivered"), token: nil)
            #expect(unsigned.status == 403)
            let stop = try world.postTwilio(Self.inbound, [("From", "+14155550100"), ("Body", "STOP")], token: "wrong")
            #expect(stop.status == 403)
            #expect(try world.receiptCount == 0)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }

    @Test func anInvalidNumberErrorSuppressesTheNumber() async throws {
        try await ReceiptWorld.with { world async throws in
            let response = try world.postTwilio(Self.status, Self.callback("SM0003", "failed", errorCode: "21211", to: "+14155550123"))
            #expect(response.status == 200)
            #expect(try world.isSuppressed(.sms, "+14155550123"))
            #expect(try world.suppressionReason("sms", "+14155550123") == "invalid_number")
            let latest = try world.pool.withConnection { try ReceiptStore.latest(provider: "twilio", messageID: "SM0003", on: $0) }
            #expect(latest?.errorCode == "21211")
            #expect(world.counterValue(#"booknow_suppressions_added_total{channel="sms",reason="invalid_number"}"#) == 1)
        }
    }

    @Test func anUnrelatedErrorCodeSuppressesNothing() async throws {
        try await ReceiptWorld.with { world async throws in
            #expect(try world.postTwilio(Self.status, Self.callback("SM0004", "undelivered", errorCode: "30003")).status == 200)
            #expect(try !world.isSuppressed(.sms, "+14155550100"))
        }
    }

    @Test func aLateSentCallbackDoesNotHideDelivered() async throws {
        try await ReceiptWorld.with { world async throws in
            #expect(try world.postTwilio(Self.status, Self.callback("SM0005", "delivered")).status == 200)
            #expect(try world.postTwilio(Self.status, Self.callback("SM0005", "sent")).status == 200)
            try world.pool.withConnection { connection in
                #expect(try ReceiptStore.latest(provider: "twilio", messageID: "SM0005", on: connection)?.status == .delivered)
                let history = try ReceiptStore.history(provider: "twilio", messageID: "SM0005", on: connection)
                #expect(history.map(\.status) == [.delivered, .sent])
                #expect(history.first?.detail["Body"] == nil)
            }
        }
    }

    @Test func stopSuppressesTheSenderAndStartClearsIt() async throws {
        try await ReceiptWorld.with { world async throws in
            let stop = try world.postTwilio(Self.inbound, [("From", "+14155550142"), ("To", "+14155550999"), ("Body", "  stop \n")])
            #expect(stop.status == 200)
            #expect(stop.headers["Content-Type"] == "text/xml")
            #expect(stop.text == "<Response/>")
            #expect(try world.isSuppressed(.sms, "+14155550142"))
            #expect(try world.suppressionReason("sms", "+14155550142") == "opted_out")

            let start = try world.postTwilio(Self.inbound, [("From", "+14155550142"), ("Body", "START")])
            #expect(start.status == 200)
            #expect(try !world.isSuppressed(.sms, "+14155550142"))
        }
    }

    @Test func startDoesNotLiftAnInvalidNumberEntry() async throws {
        try await ReceiptWorld.with { world async throws in
            try world.suppress(.sms, "+14155550177", .invalidNumber)
            #expect(try world.postTwilio(Self.inbound, [("From", "+14155550177"), ("Body", "YES")]).status == 200)
            #expect(try world.isSuppressed(.sms, "+14155550177"))
        }
    }

    @Test func otherRepliesChangeNothing() async throws {
        try await ReceiptWorld.with { world async throws in
            let reply = try world.postTwilio(Self.inbound, [("From", "+14155550142"), ("Body", "please stop by at 5")])
            #expect(reply.status == 200)
            #expect(try world.count("SELECT count(*) FROM suppressions") == 0)
        }
    }

    @Test func malformedCallbacksAre400Problems() async throws {
        try await ReceiptWorld.with { world async throws in
            let noSid = try world.postTwilio(Self.status, [("MessageStatus", "delivered")])
            #expect(noSid.status == 400)
            #expect(noSid.headers["Content-Type"] == "application/problem+json")
            #expect(noSid.json["code"] as? String == "invalid_body")
            let badTo = try world.postTwilio(Self.status, Self.callback("SM0006", "failed", errorCode: "21614", to: "landline"))
            #expect(badTo.status == 400)
            let badFrom = try world.postTwilio(Self.inbound, [("From", "0800 STOP"), ("Body", "STOP")])
            #expect(badFrom.status == 400)
            let garbage = try world.postRaw(Self.status, "MessageSid=%ZZ")
            #expect(garbage.status == 400)
            #expect(try world.receiptCount == 0)
        }
    }
}
