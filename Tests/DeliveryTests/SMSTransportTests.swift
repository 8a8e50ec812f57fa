import Curl
import Delivery
import Foundation
import Synchronization
import Testing
import TestSupport

/// A request as the SMS peer logged it.
struct LoggedRequest: Decodable {
    let method: String
    let path: String
    let headers: [String: String]
    let body: String

    static func all(_ peer: PeerProcess) throws -> [LoggedRequest] {
        try peer.files(withExtension: "json").map { try JSONDecoder().decode(LoggedRequest.self, from: Data(contentsOf: $0)) }
    }

    var form: [String: String] {
        Dictionary(body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { first, _ in first })
    }
}

@Suite("SMS transports against a local provider")
struct SMSTransportTests {
    static let sid = "AC0123456789abcdef"
    static let token = "tok-secret-123"

    func startPeer() throws -> PeerProcess {
        try PeerProcess("sms_peer.py", arguments: ["--auth", "\(Self.sid):\(Self.token)"])
    }

    func makeTwilio(_ peer: PeerProcess, token: String = token, timeout: Duration = .seconds(10)) throws -> TwilioSMSTransport {
        try TwilioSMSTransport(settings: SMSSettings(
            baseURL: "http://127.0.0.1:\(peer.port)/2010-04-01", accountSID: Self.sid, authToken: token,
            from: try PhoneNumber("+15550009999"), maxConnections: 4, timeout: timeout))
    }

    @Test("an accepted SMS keeps the provider's sid; the request is a Twilio form POST with ValidityPeriod")
    func accepted() async throws {
        let peer = try startPeer()
        let transport = try makeTwilio(peer)
        let result = transport.deliver(.sms(try Fixtures.sms(to: "+15550001234", body: "Hi Zoë & co = 100%")))
        transport.shutdown()
        #expect(result.outcome == .delivered)
        #expect(result.replyCode == 201)
        #expect(result.messageID?.hasPrefix("SM") == true)
        let request = try #require(try LoggedRequest.all(peer).first)
        #expect(request.path == "/2010-04-01/Accounts/\(Self.sid)/Messages.json")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["Idempotency-Key"] == "job-7")
        #expect(request.form == ["To": "+15550001234", "From": "+15550009999", "Body": "Hi Zoë & co = 100%",
                                 "ValidityPeriod": "3600"])
    }

    @Test("provider answers are classified", arguments: [
        ("+15550021211", DeliveryOutcome.permanentRecipient, 400, 21211),
        ("+15550021610", .permanentRecipient, 400, 21610), ("+15550021614", .permanentRecipient, 400, 21614),
        ("+15550021602", .permanentMessage, 400, 21602), ("+15550000429", .snooze(.seconds(7)), 429, 20429),
        ("+15550000500", .transient, 500, nil), ("+15550000401", .channelFault, 401, 20003),
    ] as [(String, DeliveryOutcome, Int, Int?)])
    func classified(number: String, expected: DeliveryOutcome, status: Int, code: Int?) async throws {
        let peer = try startPeer()
        let transport = try makeTwilio(peer)
        let result = transport.deliver(.sms(try Fixtures.sms(to: number)))
        transport.shutdown()
        #expect(result.outcome == expected)
        #expect(result.replyCode == status)
        #expect(result.detailCode == code)
        #expect(!result.replyText.isEmpty)
    }

    @Test("a wrong token is a channel fault and the token appears nowhere in the result")
    func wrongToken() async throws {
        let peer = try startPeer()
        let transport = try makeTwilio(peer, token: "wrong-token")
        let result = transport.deliver(.sms(try Fixtures.sms(to: "+15550001234")))
        transport.shutdown()
        #expect(result.outcome == .channelFault)
        #expect(!"\(result)".contains("wrong-token"))
    }

    @Test("a slow answer times out and a dropped connection fails, both transient")
    func slowAndDropped() async throws {
        let peer = try startPeer()
        let transport = try makeTwilio(peer, timeout: .seconds(1))
        let slowMessage = try Fixtures.sms(to: "+15550000555"), droppedMessage = try Fixtures.sms(to: "+15550000666")
        let results = transport.sendAll([.sms(slowMessage), .sms(droppedMessage)])
        let (slowResult, droppedResult) = (results[0], results[1])
        transport.shutdown()
        #expect(slowResult.outcome == .transient && slowResult.detailCode == 28)
        #expect(droppedResult.outcome == .transient && droppedResult.replyCode == 0)
    }

    @Test("many SMS in flight share at most the configured connections (keep-alive)")
    func connectionCap() async throws {
        let peer = try startPeer()
        let transport = try makeTwilio(peer)
        let messages = try (0..<60).map { try Fixtures.sms(to: "+1555000\(String(format: "%04d", 1000 + $0))", key: "k\($0)") }
        let outcomes = transport.sendAll(messages.map { .sms($0) }).map(\.outcome)
        transport.shutdown()
        #expect(outcomes.count == 60 && outcomes.allSatisfy { $0 == .delivered })
        #expect(try peer.connectionCount() <= 4)
    }

    @Test("the webhook variant posts JSON signed over timestamp and body")
    func webhookSigned() async throws {
        let peer = try startPeer()
        // A known, crypto-free signer: the test checks what is signed and how it is sent.
        let signer: MessageSigner = { key, message in Array((key + message).reversed().prefix(8)) }
        let key = Array("webhook-key".utf8)
        let transport = try WebhookSMSTransport(
            settings: WebhookSMSSettings(url: "http://127.0.0.1:\(peer.port)/webhook", signingKey: key),
            sign: signer, now: { Date(timeIntervalSince1970: 1_796_000_000) })
        let accepted = transport.deliver(.sms(try Fixtures.sms(to: "+15550001234")))
        let rejected = transport.deliver(.sms(try Fixtures.sms(to: "+15550021610")))
        transport.shutdown()
        #expect(accepted.outcome == .delivered && accepted.messageID?.hasPrefix("SM") == true)
        #expect(rejected.outcome == .permanentRecipient)
        let request = try #require(try LoggedRequest.all(peer).first)
        #expect(request.headers["X-BookNow-Timestamp"] == "1796000000")
        let expected = WebhookSMSTransport.signature(timestamp: 1_796_000_000, body: Array(request.body.utf8),
                                                     key: key, sign: signer)
        #expect(request.headers["X-BookNow-Signature"] == expected)
        let json = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
        #expect(json?["to"] as? String == "+15550001234")
        #expect(json?["validity_seconds"] as? Int == 3600)
    }

    @Test("the webhook body is the message as JSON whatever its text holds, with no validity when it has none")
    func webhookBodyEscapes() throws {
        let peer = try startPeer()
        let transport = try WebhookSMSTransport(
            settings: WebhookSMSSettings(url: "http://127.0.0.1:\(peer.port)/webhook", signingKey: Array("k".utf8)),
            sign: { key, message in Array((key + message).prefix(8)) })
        let text = "Quote \" back \\ slash / tab\t line\nreturn\r bell \u{07} unit \u{1F} ünï ✓ 🎉 \u{2028}"
        let answer = transport.deliver(.sms(try Fixtures.sms(to: "+15550001234", body: text, validity: nil, key: "job-\"9\"")))
        transport.shutdown()
        #expect(answer.outcome == .delivered)
        let request = try #require(try LoggedRequest.all(peer).first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(json["body"] as? String == text)
        #expect(json["idempotency_key"] as? String == "job-\"9\"")
        #expect(json["to"] as? String == "+15550001234")
        #expect(json.keys.sorted() == ["body", "idempotency_key", "to"])
    }

    @Test("a reused handle takes each request's URL, method and credentials, never the previous request's")
    func reusedHandleFollowsEachRequest() throws {
        let peer = try startPeer()
        // One connection, requests one at a time: every request after the first runs on the same easy handle.
        let client = try HTTPClient(maxHostConnections: 1)
        defer { client.shutdown() }
        let base = "http://127.0.0.1:\(peer.port)", messages = "/2010-04-01/Accounts/\(Self.sid)/Messages.json"
        let form = Array("To=%2B15550001234".utf8), credentials = (username: Self.sid, password: Self.token)
        let requests = [
            HTTPRequest(url: base + messages, body: form, basicAuth: credentials),
            HTTPRequest(url: base + messages, body: form),
            HTTPRequest(url: base + "/webhook", method: "PUT", body: Array("{}".utf8), timeout: .seconds(5)),
            HTTPRequest(url: base + messages, body: form, basicAuth: credentials),
            HTTPRequest(url: base + messages, body: form, basicAuth: (Self.sid, "not-the-token")),
            HTTPRequest(url: base + messages, body: form, basicAuth: credentials),
        ]
        let statuses = try requests.map { request in
            let answer = Mutex<Result<HTTPResponse, CurlError>?>(nil), done = DispatchSemaphore(value: 0)
            client.send(request) { result in
                answer.withLock { $0 = result }
                done.signal()
            }
            done.wait()
            return try #require(answer.withLock { $0 }).get().status
        }
        #expect(statuses == [201, 401, 201, 201, 401, 201])
        let logged = try LoggedRequest.all(peer)
        #expect(logged.map(\.path) == [messages, messages, "/webhook", messages, messages, messages])
        #expect(logged.map(\.method) == ["POST", "POST", "PUT", "POST", "POST", "POST"])
        #expect(logged.map { $0.headers["Authorization"] != nil } == [true, false, false, true, true, true])
    }

    @Test("a phone number with CR/LF cannot be built, so it never reaches a request")
    func phoneInjection() {
        #expect(throws: DeliveryError.self) { try PhoneNumber("+15550001234\r\nTo=+19990000000") }
        #expect(throws: DeliveryError.self) { try PhoneNumber("+15550001234&To=+19990000000") }
    }
}
