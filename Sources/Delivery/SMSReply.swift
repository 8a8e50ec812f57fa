import Curl
import Foundation

/// Reads an SMS provider's answer into a `DeliveryResult`, shared by both HTTP SMS transports.
///
/// Providers answer JSON: a message id (`sid` or `id`) on success, an error
/// `code` and `message` on failure; the classification takes the status and
/// that code (`ReplyClassifier.http`).
enum SMSReply {
    /// The multi-handle client both SMS transports run on.
    static func makeClient(maxConnections: Int) throws(DeliveryError) -> HTTPClient {
        do {
            return try HTTPClient(maxHostConnections: maxConnections)
        } catch {
            throw DeliveryError(code: "delivery.configuration", message: error.description, field: "sms")
        }
    }

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

    /// The result of a request that got an answer or an error.
    static func result(_ answer: Result<HTTPResponse, CurlError>, now: Date) -> DeliveryResult {
        switch answer {
        case .success(let response): result(response, now: now)
        case .failure(let error): result(error)
        }
    }

    static func result(_ error: CurlError) -> DeliveryResult {
        DeliveryResult(outcome: ReplyClassifier.network(curlCode: error.curlCode), replyText: error.message,
                       detailCode: error.curlCode)
    }

    /// RFC 3986 unreserved bytes, which form encoding leaves as they are.
    private static let unreserved: [Bool] = (0..<256).map { byte in
        EmailAddress.isAlphanumeric(UInt8(byte)) || "-._~".utf8.contains(UInt8(byte))
    }
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `application/x-www-form-urlencoded`: every byte outside RFC 3986's unreserved set escaped.
    static func formEncoded(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + 3 * ($1.0.utf8.count + $1.1.utf8.count) + 2 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(field.0, into: &out)
            out.append(UInt8(ascii: "="))
            escape(field.1, into: &out)
        }
        return out
    }

    private static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            if unreserved[Int(byte)] {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
    }
}
