@testable import Delivery
import Foundation
import Testing

@Suite("An SMS provider's JSON answer read for its few fields")
struct ReplyFieldsTests {
    static let wanted = ["sid", "id", "code", "message", "status"]

    static func read(_ text: String) -> ReplyFields { ReplyFields(Array(text.utf8), wanted: wanted) }

    @Test("a Twilio answer: the wanted members, nested values and unwanted members checked and skipped")
    func twilioAnswer() {
        let fields = Self.read(#"""
            {"sid": "SM0123", "status":"queued", "price": null, "num_segments": "1",
             "subresource_uris": {"media": "/x", "list": [1, -2.5e3, true, false, null, {"a": []}]},
             "error_code": null, "code": 21211, "message": "The 'To' number is not valid."}
            """#)
        #expect(fields.string("sid") == "SM0123")
        #expect(fields.string("status") == "queued")
        #expect(fields.integer("code") == 21211)
        #expect(fields.string("message") == "The 'To' number is not valid.")
        #expect(fields["id"] == nil)
        #expect(fields["price"] == nil)  // not wanted
    }

    @Test("escapes decode as JSONSerialization decodes them, surrogate pairs joined")
    func escapes() throws {
        let text = #"{"message": "tab\there \"quoted\" back\\slash \/ \u00e9t\u00E9 \ud83d\ude00 \n\r\b\f end"}"#
        let expected = try #require(
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["message"] as? String)
        #expect(Self.read(text).string("message") == expected)
        #expect(Self.read(#"{"message": "a \udc00 b"}"#).string("message") == "a \u{FFFD} b")
        #expect(Self.read(#"{"message": "héllo"}"#).string("message") == "héllo")
    }

    @Test("a code written as a string of digits is an integer too; other codes are not")
    func codes() {
        #expect(Self.read(#"{"code": "30007"}"#).integer("code") == 30007)
        #expect(Self.read(#"{"code": 1.5}"#).integer("code") == nil)
        #expect(Self.read(#"{"code": "E42"}"#).integer("code") == nil)
        #expect(Self.read(#"{"code": 7, "code": 8}"#).integer("code") == 8)
    }

    @Test("anything that is not one valid JSON object gives no fields", arguments: [
        "", "null", "[]", #""sid""#, "{", #"{"sid": "a""#, #"{"sid": "a",}"#, #"{"sid" "a"}"#,
        #"{"sid": "a"} trailing"#, #"{"sid": 01}"#, #"{"sid": "a\x"}"#, #"{"sid": "\u12"}"#,
        "{\"sid\": \"line\nbreak\"}", #"{"x": [1,]}"#, #"{"x": {"a" 1}}"#, #"{"x": tru}"#, #"{"x": -}"#,
        #"{"x": 1.}"#, #"{"x": 1e}"#, "<html>502 Bad Gateway</html>",
    ])
    func invalid(_ text: String) {
        #expect(Self.read(text).values.isEmpty)
    }

    @Test("deep nesting is refused, not recursed into without end")
    func depth() {
        let deep = #"{"sid": "a", "x": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(Self.read(deep).values.isEmpty)
        let shallow = #"{"sid": "a", "x": "# + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "}"
        #expect(Self.read(shallow).string("sid") == "a")
    }

    @Test("invalid UTF-8 in a wanted string gives no value for it; empty objects and whitespace are fine")
    func edges() {
        var bytes = Array(#"{"message": "x"#.utf8)
        bytes += [0xFF]
        bytes += Array(#"", "sid": "b"}"#.utf8)
        #expect(ReplyFields(bytes, wanted: Self.wanted).values.isEmpty)
        #expect(Self.read(" \r\n\t{ } ").values.isEmpty)
        #expect(Self.read(#" { "sid" : "b" } "#).string("sid") == "b")
    }
}
