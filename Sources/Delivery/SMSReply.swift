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
        let answer = ProviderAnswer(json: response.body)
        let outcome = ReplyClassifier.http(status: response.status, providerCode: answer.code,
                                           retryAfter: response.header("Retry-After"), now: now)
        var text = answer.text ?? ""
        if text.isEmpty { text = "HTTP \(response.status)" }
        // At most 500 bytes are at most 500 characters: only a longer text is cut (counting characters).
        return DeliveryResult(outcome: outcome, replyCode: response.status,
                              replyText: text.utf8.count <= 500 ? text : String(text.prefix(500)),
                              messageID: answer.id, detailCode: answer.code)
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

    /// `application/x-www-form-urlencoded`: every byte outside RFC 3986's unreserved set escaped.
    /// One pass into an array sized for the worst case (every byte escaped, three bytes each).
    static func formEncoded(_ fields: [(String, String)]) -> [UInt8] {
        guard !fields.isEmpty else { return [] }
        let capacity = fields.reduce(2 * fields.count - 1) { $0 + 3 * ($1.0.utf8.count + $1.1.utf8.count) }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            for (index, field) in fields.enumerated() {
                if index > 0 { count = put(UInt8(ascii: "&"), into: buffer, at: count) }
                count = escape(field.0, into: buffer, at: count)
                count = put(UInt8(ascii: "="), into: buffer, at: count)
                count = escape(field.1, into: buffer, at: count)
            }
        }
    }

    /// RFC 3986 unreserved bytes, which form encoding leaves as they are: ALPHA, DIGIT, "-", ".", "_" and
    /// "~", as two 64-bit sets (bytes 0–63: "-", ".", digits; 64–127: letters, "_", "~").
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        byte < 64 ? (0x03FF_6000_0000_0000 as UInt64) >> byte & 1 == 1
            : byte < 128 && (0x47FF_FFFE_87FF_FFFE as UInt64) >> (byte - 64) & 1 == 1
    }

    // Reads the text's UTF-8 as one buffer (`withUTF8`): iterating `String.utf8` cost about 50
    // instructions a byte here.
    private static func escape(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var at = start
            for byte in bytes {
                if isUnreserved(byte) {
                    at = put(byte, into: buffer, at: at)
                } else {
                    at = put(UInt8(ascii: "%"), into: buffer, at: at)
                    at = put(hexDigit(byte >> 4), into: buffer, at: at)
                    at = put(hexDigit(byte & 15), into: buffer, at: at)
                }
            }
            return at
        }
    }

    private static func put(_ byte: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        buffer.initializeElement(at: index, to: byte)
        return index + 1
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
