@testable import Delivery
import Foundation
import Testing

/// `ProviderAnswer` replaced `JSONSerialization` on the SMS client's loop thread;
/// these tests hold it to the answers the old code gave, document by document.
@Suite("An SMS provider's JSON answer")
struct ProviderAnswerTests {
    /// What `SMSReply` read before, through Foundation.
    static func reference(_ body: [UInt8]) -> ProviderAnswer {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        var answer = ProviderAnswer(json: [])
        answer.code = (json["code"] as? Int) ?? (json["code"] as? String).flatMap(Int.init)
        answer.id = (json["sid"] as? String) ?? (json["id"] as? String)
        answer.text = (json["message"] as? String) ?? (json["status"] as? String)
        return answer
    }

    static let documents: [String] = [
        // Twilio's answer to a send, as its API documents it.
        """
        {"account_sid": "AC0123456789", "api_version": "2010-04-01", "body": "Reminder: tomorrow at 10:00",
         "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": null, "direction": "outbound-api",
         "error_code": null, "error_message": null, "from": "+15550009999", "num_media": "0", "num_segments": "1",
         "price": null, "price_unit": "USD", "sid": "SM1234567890abcdef1234567890abcdef", "status": "queued",
         "subresource_uris": {"media": "/2010-04-01/Accounts/AC0123456789/Messages/SM12/Media.json"},
         "to": "+15550001234", "uri": "/2010-04-01/Accounts/AC0123456789/Messages/SM12.json"}
        """,
        #"{"code": 21211, "message": "The 'To' number +1555 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"#,
        #"{"id":"msg-7","status":"accepted","extra":[1,2.5,-3e2,true,false,null,{"a":[]}]}"#,
        #"{"code":"20429","message":"Too \"many\" requests\\\/ \u00e9\ud83d\ude00 \t\n","status":429}"#,
        #"{"code": 21211.0, "sid": 5, "message": null, "status": "failed"}"#,
        #"{"code": 2.5e1, "code": 7, "sid": "SM1", "sid": "SM2", "n": [1.5e3, -0.25E-2]}"#,
        #"{"code": true, "id": ["x"], "status": {"s": 1}}"#,
        #"{"code": -0, "message": "", "status": "queued"}"#,
        #"{"code": "99999999999999999999", "message": "big", "n": 1e999}"#,
        " \r\n\t{ \"sid\" : \"SM9\" , \"status\" : \"sent\" } \n",
        "{}",
        "[]",
        "\"text\"",
        "",
        "\u{FEFF}{\"sid\":\"SM-bom\"}",
        "{\"sid\":\"caf\u{E9} \u{1F600}\"}",
    ]

    @Test("every document and thousands of near misses read as JSONSerialization read them")
    func agreesWithFoundation() {
        var checked = 0
        for document in Self.documents {
            let bytes = Array(document.utf8)
            var variants: [[UInt8]] = [bytes]
            for index in bytes.indices {
                variants.append(Array(bytes[..<index]))   // truncated
                var deleted = bytes
                deleted.remove(at: index)
                variants.append(deleted)
                for byte in Array("\"\\{}[],:0-.e x".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xFF] {
                    var replaced = bytes
                    replaced[index] = byte
                    variants.append(replaced)
                }
            }
            for variant in variants {
                let ours = ProviderAnswer(json: variant), theirs = Self.reference(variant)
                #expect(ours == theirs, "\(String(decoding: variant, as: UTF8.self).debugDescription)")
                checked += 1
            }
        }
        #expect(checked > 20_000)
        let overflow = Array(#"{"code": 99999999999999999999, "message": "m"}"#.utf8)
        #expect(ProviderAnswer(json: overflow) == Self.reference(overflow))
        // The one difference: more than 15 digits with a fraction read as no code.
        let long = ProviderAnswer(json: Array(#"{"code": 9999999999999999.999, "message": "m"}"#.utf8))
        #expect(long.code == nil && long.text == "m")
    }

    @Test("nesting past JSONSerialization's limit is refused, not a stack overflow")
    func deepNesting() {
        for depth in [100, 511, 512, 513, 100_000] {
            let body = Array(("{\"sid\":\"SM1\",\"x\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
            let ours = ProviderAnswer(json: body)
            #expect(ours.id == (depth < 512 ? "SM1" : nil), "depth \(depth)")
            if depth <= 1_000 { #expect(ours == Self.reference(body), "depth \(depth)") }
        }
    }

    @Test("form encoding escapes exactly what RFC 3986 does not leave unreserved")
    func formEncoding() {
        var unreserved = CharacterSet(charactersIn: "-._~")
        unreserved.formUnion(CharacterSet(charactersIn: "a"..."z"))
        unreserved.formUnion(CharacterSet(charactersIn: "A"..."Z"))
        unreserved.formUnion(CharacterSet(charactersIn: "0"..."9"))
        let samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
            + ["", "Hi Zoë & co = 100%", "日本語", "😀 + 🇫🇷", "a\u{0}b", "~tilde_under-dash.dot", "\r\n"]
        for name in samples {
            for value in samples {
                let encoded = String(decoding: SMSReply.formEncoded([(name, value), ("To", "+15550001234")]), as: UTF8.self)
                let expected = name.addingPercentEncoding(withAllowedCharacters: unreserved)! + "="
                    + value.addingPercentEncoding(withAllowedCharacters: unreserved)! + "&To=%2B15550001234"
                #expect(encoded == expected)
            }
        }
        #expect(SMSReply.formEncoded([]).isEmpty)
    }
}
