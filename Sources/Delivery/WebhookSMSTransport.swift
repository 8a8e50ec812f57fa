import Curl
import Vocabulary
public import Foundation

/// Computes a MAC over a message with a key (HMAC-SHA256 in production).
///
/// Injected so Delivery needs no crypto library: the caller passes the
/// `Crypto` module's HMAC; tests pass a known function.
public typealias MessageSigner = @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]

/// A generic SMS webhook: a JSON POST signed with the shared key.
///
/// The signature covers `timestamp + "." + body`, so a receiver can reject
/// both altered bodies and replays of old requests. Headers:
/// `X-BookNow-Timestamp` (Unix seconds) and `X-BookNow-Signature: v1=<hex>`.
public final class WebhookSMSTransport: Transport {
    public let name = "sms-webhook"
    private let settings: WebhookSMSSettings
    private let client: HTTPClient
    private let sign: MessageSigner
    private let now: @Sendable () -> Date

    public init(settings: WebhookSMSSettings, sign: @escaping MessageSigner,
                now: @escaping @Sendable () -> Date = { Date() }) throws(DeliveryError) {
        self.settings = settings
        self.sign = sign
        self.now = now
        client = try SMSReply.makeClient(maxConnections: settings.maxConnections)
    }

    /// The signature header value for a timestamp and body: `v1=` and the lower-case hex MAC.
    public static func signature(timestamp: Int, body: [UInt8], key: [UInt8], sign: MessageSigner) -> String {
        let mac = sign(key, Array("\(timestamp).".utf8) + body)
        return "v1=" + mac.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    /// The JSON body, keys sorted: `body`, `idempotency_key`, `to`, and
    /// `validity_seconds` when the message has one. Written by hand:
    /// `JSONSerialization` took a sixth of an SMS's CPU in a reminder burst.
    static func body(_ sms: SMSMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sms.body.utf8.count + 96)
        bytes += Array(#"{"body":"#.utf8)
        JSONString.append(sms.body, to: &bytes)
        bytes += Array(#","idempotency_key":"#.utf8)
        JSONString.append(sms.idempotencyKey, to: &bytes)
        bytes += Array(#","to":"#.utf8)
        JSONString.append(sms.to.e164, to: &bytes)
        if let validity = sms.validity {
            bytes += Array(#","validity_seconds":"#.utf8)
            bytes += Array(String(validity.components.seconds).utf8)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    public func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        guard case .sms(let sms) = message else { return completion(wrongChannel(message)) }
        let body = Self.body(sms)
        let date = now()
        let timestamp = Int(date.timeIntervalSince1970)
        let request = HTTPRequest(
            url: settings.url,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json"),
                      ("X-BookNow-Timestamp", String(timestamp)),
                      ("X-BookNow-Signature", Self.signature(timestamp: timestamp, body: body,
                                                             key: settings.signingKey, sign: sign))],
            body: body, connectTimeout: settings.connectTimeout, timeout: settings.timeout)
        client.send(request) { answer in completion(SMSReply.result(answer, now: date)) }
    }

    public func shutdown() { client.shutdown() }
}
