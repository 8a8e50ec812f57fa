import Curl
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

    public func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        guard case .sms(let sms) = message else { return completion(wrongChannel(message)) }
        let body = sms.json
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
