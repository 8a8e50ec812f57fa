import Curl
import Foundation

/// Reads an SMS provider's answer into a `DeliveryResult`, shared by both HTTP SMS transports.
///
/// Providers answer JSON: a message id (`sid` or `id`) on success, an error
/// `code` and `message` on failure; the classification takes the status and
/// that code (`ReplyClassifier.http`).
enum SMSReply {
    static func result(_ response: HTTPResponse, now: Date) -> DeliveryResult {
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        let providerCode = (json["code"] as? Int) ?? (json["code"] as? String).flatMap(Int.init)
        let id = (json["sid"] as? String) ?? (json["id"] as? String)
        let outcome = ReplyClassifier.http(status: response.status, providerCode: providerCode,
                                           retryAfter: response.header("Retry-After"), now: now)
        var text = (json["message"] as? String) ?? (json["status"] as? String) ?? ""
        if text.isEmpty { text = "HTTP \(response.status)" }
        return DeliveryResult(outcome: outcome, replyCode: response.status, replyText: String(text.prefix(500)),
                              messageID: id, detailCode: providerCode)
    }

    static func result(_ error: CurlError) -> DeliveryResult {
        DeliveryResult(outcome: ReplyClassifier.network(curlCode: error.curlCode), replyText: error.message,
                       detailCode: error.curlCode)
    }

    /// `application/x-www-form-urlencoded`: every byte outside RFC 3986's unreserved set escaped.
    static func formEncoded(_ fields: [(String, String)]) -> [UInt8] {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        func escape(_ text: String) -> [UInt8] {
            text.utf8.flatMap { unreserved.contains($0) ? [$0] : [UInt8(ascii: "%"), hex[Int($0 >> 4)], hex[Int($0 & 15)]] }
        }
        return Array(fields.map { escape($0.0) + [UInt8(ascii: "=")] + escape($0.1) }
            .joined(separator: [UInt8(ascii: "&")]))
    }
}
