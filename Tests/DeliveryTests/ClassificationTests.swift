import Delivery
import Foundation
import Testing

@Suite("Result classification")
struct ClassificationTests {
    @Test("SMTP reply codes decide the class", arguments: [
        (250, 0, DeliveryOutcome.delivered),
        (421, 55, .transient), (450, 55, .transient), (451, 55, .transient), (452, 55, .transient),
        (454, 55, .transient),
        (550, 55, .permanentRecipient), (551, 55, .permanentRecipient), (553, 55, .permanentRecipient),
        (552, 55, .permanentMessage), (554, 55, .permanentMessage),
        (530, 67, .channelFault), (535, 67, .channelFault),
    ])
    func smtpReplies(reply: Int, curl: Int, expected: DeliveryOutcome) {
        #expect(ReplyClassifier.smtp(replyCode: reply, curlCode: curl) == expected)
    }

    @Test("without a failure reply, curl's code decides: TLS and login are channel faults, the rest transient",
          arguments: [(7, DeliveryOutcome.transient), (28, .transient), (52, .transient), (55, .transient),
                      (56, .transient), (35, .channelFault), (60, .channelFault), (64, .channelFault),
                      (67, .channelFault), (77, .channelFault)])
    func smtpNetwork(curl: Int, expected: DeliveryOutcome) {
        #expect(ReplyClassifier.smtp(replyCode: 0, curlCode: curl) == expected)
        // A 250 left over from an earlier command does not make a broken transfer a success.
        #expect(ReplyClassifier.smtp(replyCode: 250, curlCode: curl) == expected)
    }

    @Test("HTTP statuses and provider codes decide the class", arguments: [
        (201, nil, DeliveryOutcome.delivered), (400, 21211, .permanentRecipient),
        (400, 21610, .permanentRecipient), (400, 21614, .permanentRecipient), (400, 21602, .permanentMessage),
        (404, nil, .permanentMessage), (401, 20003, .channelFault), (403, nil, .channelFault),
        (500, nil, .transient), (502, nil, .transient), (503, nil, .transient), (408, nil, .transient),
    ] as [(Int, Int?, DeliveryOutcome)])
    func httpReplies(status: Int, code: Int?, expected: DeliveryOutcome) {
        #expect(ReplyClassifier.http(status: status, providerCode: code, retryAfter: nil, now: Date()) == expected)
    }

    @Test("HTTP 429 snoozes for Retry-After, given in seconds or as a date")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(ReplyClassifier.http(status: 429, providerCode: nil, retryAfter: "7", now: now) == .snooze(.seconds(7)))
        #expect(ReplyClassifier.http(status: 429, providerCode: nil, retryAfter: "Mon, 30 Nov 2026 00:55:20 GMT",
                                     now: now) == .snooze(.seconds(120)))
        #expect(ReplyClassifier.http(status: 429, providerCode: nil, retryAfter: nil, now: now) == .snooze(.seconds(30)))
        #expect(ReplyClassifier.http(status: 429, providerCode: nil, retryAfter: "999999", now: now)
            == .snooze(.seconds(3600)))
    }
}
