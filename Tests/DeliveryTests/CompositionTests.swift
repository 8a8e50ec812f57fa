@testable import Delivery
import Foundation
import Testing

@Suite("Email composition")
struct CompositionTests {
    @Test("lines end in CRLF, none exceeds 998 characters, quoted-printable lines stay within 76")
    func lineDiscipline() throws {
        let long = String(repeating: "Größe ", count: 400)
        var message = try Fixtures.email()
        message.text = long
        message.html = "<p>" + String(repeating: "x", count: 3000) + "</p>"
        let text = String(decoding: message.rendered(), as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        let root = MIMEEntity(text)
        for part in root.parts {
            #expect(part.body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        }
        #expect(root.parts[0].decodedBody == long)
    }

    @Test("multipart/alternative puts text/plain first and text/html last, both UTF-8")
    func alternativeOrder() throws {
        let root = MIMEEntity(String(decoding: try Fixtures.email().rendered(), as: UTF8.self))
        #expect(root.header("MIME-Version") == "1.0")
        #expect(root.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        let parts = root.parts
        try #require(parts.count == 2)
        #expect(parts[0].header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parts[1].header("Content-Type") == "text/html; charset=UTF-8")
        #expect(parts[0].decodedBody.contains("Hello Zoë,\r\nyour appointment"))
        #expect(parts[1].decodedBody.contains("<b>Monday at 10:00</b>"))
    }

    @Test("non-ASCII header values become RFC 2047 encoded words; ASCII stays readable")
    func encodedWords() throws {
        let root = MIMEEntity(String(decoding: try Fixtures.email().rendered(), as: UTF8.self))
        #expect(root.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(root.decodedHeader("Subject") == "Your booking at Salon Ünique is confirmed")
        #expect(root.decodedHeader("To") == "Zoë Müller <accept@example.test>")
        #expect(root.header("Reply-To") == "\"Front desk\" <front-desk@salon.example>")
        #expect(root.header("Date") == "Mon, 30 Nov 2026 00:53:20 +0000")
    }

    @Test("quotes and backslashes in an ASCII display name are escaped inside the quoted string")
    func quotedName() throws {
        let mailbox = try EmailAddress("a@example.test", name: "Dr. \"Bob\" O\\Neil")
        #expect(HeaderEncoding.mailbox(mailbox) == "\"Dr. \\\"Bob\\\" O\\\\Neil\" <a@example.test>")
    }

    @Test("the Message-ID derives from the job, so a repeated job renders identical bytes")
    func stableMessageID() throws {
        let first = try Fixtures.email(jobID: "8f2c").rendered()
        #expect(first == (try Fixtures.email(jobID: "8f2c").rendered()))
        #expect(MIMEEntity(String(decoding: first, as: UTF8.self)).header("Message-ID") == "<booknow.8f2c@booknow.example>")
        #expect(throws: DeliveryError.self) { try MessageID(jobID: "a\r\nBcc: x@y.z", domain: "booknow.example") }
    }

    @Test("CR/LF in a name or subject cannot add a header")
    func headerInjection() throws {
        let message = try Fixtures.email(name: "Eve\r\nBcc: victim@evil.test",
                                         subject: "Hi\r\nBcc: victim@evil.test\nX-Evil: 1")
        let text = String(decoding: message.rendered(), as: UTF8.self)
        let head = MIMEEntity(text)
        #expect(head.header("Bcc") == nil)
        #expect(head.header("X-Evil") == nil)
        #expect(head.decodedHeader("Subject") == "Hi Bcc: victim@evil.test X-Evil: 1")
        #expect(!text.contains("\r\nBcc:"))
    }

    @Test("addresses with CR, LF, spaces or angle brackets are rejected", arguments: [
        "a\r\nRCPT TO:<x@y.z>@example.test", "victim@evil.test\r\nDATA", "a b@example.test", "<a@b.c>",
        "a@b.c>", "no-at-sign", "a@", "@b.c", "a..b@c.d", "a@-b.c", "ünï@example.test",
    ])
    func addressValidation(address: String) {
        #expect(throws: DeliveryError.self) { try EmailAddress(address) }
    }

    @Test("phone numbers must be E.164", arguments: ["+1555\r\n0001", "15550001", "+0155", "+1 555 0001", "+", ""])
    func phoneValidation(number: String) {
        #expect(throws: DeliveryError.self) { try PhoneNumber(number) }
    }

    @Test("quoted-printable encodes '=', trailing spaces and non-ASCII, and round-trips")
    func quotedPrintable() {
        let source = "a = b  \nÄ\ttab \n" + String(repeating: "=", count: 100)
        let encoded = QuotedPrintable.encode(source)
        #expect(encoded.hasPrefix("a =3D b =20\r\n=C3=84\ttab=20\r\n"))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(String(decoding: MIMEEntity.decodeQuotedPrintable(encoded), as: UTF8.self)
            == source.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("encoded words never split a multi-byte character and stay within 75 characters")
    func encodedWordLimits() {
        let words = HeaderEncoding.encodedWords(String(repeating: "ü€😀", count: 40))
        #expect(words.allSatisfy { $0.count <= 75 })
        let decoded = words.map { MIMEEntity.decodeWords($0) }
        #expect(decoded.joined() == String(repeating: "ü€😀", count: 40))
        #expect(!decoded.joined().contains("\u{FFFD}"))
    }
}
