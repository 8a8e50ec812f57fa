@testable import Delivery
import Foundation
import Testing

@Suite("Calendar invites")
struct CalendarInviteTests {
    /// Unfolds RFC 5545 content lines.
    static func lines(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test("a request carries METHOD:REQUEST, the booking's UID, SEQUENCE, UTC times, organizer and attendee")
    func request() throws {
        let ics = try Fixtures.invite(.request, sequence: 3).rendered()
        let lines = Self.lines(ics)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.contains("METHOD:REQUEST"))
        #expect(lines.contains("UID:booking-b-42@booknow.example"))
        #expect(lines.contains("SEQUENCE:3"))
        #expect(lines.contains("DTSTAMP:20261130T005320Z"))
        #expect(lines.contains("DTSTART:20261130T120000Z"))
        #expect(lines.contains("DTEND:20261130T130000Z"))
        #expect(lines.contains("STATUS:CONFIRMED"))
        #expect(lines.contains("ORGANIZER;CN=\"Salon Ünique\":mailto:bookings@salon.example"))
        #expect(lines.contains { $0.hasPrefix("ATTENDEE;CN=\"Zoë Müller\";ROLE=REQ-PARTICIPANT") })
        #expect(lines.contains("SUMMARY:Haircut with Anaïs\\; wash\\, cut\\, dry"))
        #expect(lines.contains("DESCRIPTION:Please arrive 5 minutes early.\\nBring your card."))
    }

    @Test("a cancellation carries METHOD:CANCEL and STATUS:CANCELLED with the same UID")
    func cancel() throws {
        let lines = Self.lines(try Fixtures.invite(.cancel, sequence: 4).rendered())
        #expect(lines.contains("METHOD:CANCEL"))
        #expect(lines.contains("STATUS:CANCELLED"))
        #expect(lines.contains("UID:booking-b-42@booknow.example"))
        #expect(lines.contains("SEQUENCE:4"))
    }

    @Test("lines are folded at 75 octets without splitting UTF-8 sequences")
    func folding() throws {
        var invite = try Fixtures.invite()
        invite.details = String(repeating: "Ünïcødé 😀 ", count: 30)
        let ics = invite.rendered()
        let physical = ics.components(separatedBy: "\r\n")
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(!ics.contains("\u{FFFD}"))
        #expect(Self.lines(ics).contains("DESCRIPTION:" + invite.details!))
    }

    /// Short lines and plain values skip the per-character work; the edges of both shortcuts.
    @Test func aLineOf75OctetsStaysWholeAndEscapingStillAppliesAtTheEdgesOfPlainText() {
        let exact = String(repeating: "a", count: 75)
        #expect(CalendarInvite.folded(exact) == exact + "\r\n")
        #expect(CalendarInvite.folded(exact + "b") == exact + "\r\n b\r\n")
        #expect(CalendarInvite.folded(String(repeating: "é", count: 37) + "a") == String(repeating: "é", count: 37) + "a\r\n")
        #expect(CalendarInvite.text("Ada Lovelace <ada@example.com> ~!") == "Ada Lovelace <ada@example.com> ~!")
        #expect(CalendarInvite.text("a\u{7F}b\tc\u{1F}d") == "a b c d")
        #expect(CalendarInvite.text("x\\y;z,w") == "x\\\\y\\;z\\,w")
    }

    /// A cancellation's attachment was named invite.ics.
    @Test func aCancellationIsAttachedAsCancellationICSAndAnInviteAsInviteICS() throws {
        for (method, name) in [(CalendarInvite.Method.request, "invite.ics"), (.cancel, "cancellation.ics")] {
            let message = try Fixtures.email(calendar: try Fixtures.invite(method))
            let parts = MIMEEntity(String(decoding: message.rendered(), as: UTF8.self)).parts
            try #require(parts.count == 2)
            #expect(parts[1].header("Content-Disposition") == "attachment; filename=\"\(name)\"")
        }
    }

    /// The provider's entry (whose summary names the customer) kept U+2028 and
    /// U+2029, which calendars break lines at.
    @Test func lineAndParagraphSeparatorsInTextBecomeSpaces() throws {
        var invite = try Fixtures.invite()
        invite.summary = "Haircut: Ada\u{2028}Lovelace\u{2029}X\u{85}Y"
        let ics = invite.rendered()
        #expect(Self.lines(ics).contains("SUMMARY:Haircut: Ada Lovelace X Y"))
        #expect(!ics.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" })
    }

    @Test("the MIME part's method= matches the calendar's METHOD")
    func mimeMethod() throws {
        for method in [CalendarInvite.Method.request, .cancel] {
            let message = try Fixtures.email(calendar: try Fixtures.invite(method))
            let root = MIMEEntity(String(decoding: message.rendered(), as: UTF8.self))
            #expect(root.header("Content-Type")?.hasPrefix("multipart/mixed;") == true)
            let parts = root.parts
            try #require(parts.count == 2)
            #expect(parts[0].parts.map { $0.header("Content-Type") ?? "" }
                == ["text/plain; charset=UTF-8", "text/html; charset=UTF-8"])
            #expect(parts[1].header("Content-Type") == "text/calendar; charset=UTF-8; method=\(method.rawValue)")
            #expect(Self.lines(parts[1].decodedBody).contains("METHOD:\(method.rawValue)"))
        }
    }
}
