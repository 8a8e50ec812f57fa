import HTTPServer
@testable import Receipts
import Testing

@Suite("Twilio request signatures")
struct TwilioSignatureTests {
    /// The example in Twilio's security documentation.
    @Test func matchesTwilioPublishedExample() throws {
        let form = try #require(FormBody(Array(
            "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212".utf8)))
        let signature = TwilioSignature.expected(url: "https://mycompany.com/myapp.php?foo=1&bar=2", form: form, authToken: "12345")
        #expect(signature == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    }

    @Test func formDecodingFollowsTheURLEncodedRules() throws {
        let form = try #require(FormBody(Array("Body=Stop+now%21&Empty=&Flag&A=%C3%A9".utf8)))
        #expect(form["Body"] == "Stop now!")
        #expect(form["Empty"] == "")
        #expect(form["Flag"] == "")
        #expect(form["A"] == "é")
        #expect(FormBody(Array("Body=%4".utf8)) == nil)
        #expect(FormBody(Array("Body=%FF".utf8)) == nil)
    }
}
