extension CalendarInvite {
    /// The VCALENDAR text: CRLF line ends, lines folded at 75 octets, times in UTC.
    ///
    /// `METHOD:CANCEL` goes with `STATUS:CANCELLED`; everything else is
    /// `CONFIRMED`. Text values are escaped (`\\`, `\;`, `\,`, `\n`) and
    /// parameter values quoted, so no data can start a property of its own.
    public func rendered() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:-//BookNow//BookNow//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:\(method.rawValue)",
            "BEGIN:VEVENT",
            "UID:\(Self.text(uid))",
            "SEQUENCE:\(sequence)",
            "DTSTAMP:\(UTCDateTime(stamp).icalendar)",
            "DTSTART:\(UTCDateTime(start).icalendar)",
            "DTEND:\(UTCDateTime(end).icalendar)",
            "SUMMARY:\(Self.text(summary))",
        ]
        if let location { lines.append("LOCATION:\(Self.text(location))") }
        if let details { lines.append("DESCRIPTION:\(Self.text(details))") }
        if let organizer { lines.append("ORGANIZER\(Self.commonName(organizer)):mailto:\(organizer.address)") }
        if let attendee {
            lines.append("ATTENDEE\(Self.commonName(attendee));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
                + ":mailto:\(attendee.address)")
        }
        lines.append("STATUS:\(method == .cancel ? "CANCELLED" : "CONFIRMED")")
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.folded).joined()
    }

    /// The attachment's file name: a cancellation is no invitation.
    public var fileName: String { method == .cancel ? "cancellation.ics" : "invite.ics" }

    /// RFC 5545 §3.3.11 TEXT escaping; CR is dropped, and other controls and
    /// the Unicode line and paragraph separators (U+2028, U+2029), which some
    /// calendars break lines at, become spaces, as in header values
    /// (`HeaderEncoding.sanitized`). Every text value (the customer's and the
    /// provider's entry alike) goes through here.
    static func text(_ value: String) -> String {
        // Most values (names, addresses, ids) are printable ASCII with nothing to escape.
        if value.utf8.allSatisfy(isPlainText) { return value }
        var out = ""
        for scalar in value.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if HeaderEncoding.isBreaking(scalar) { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Printable ASCII other than the three characters `text` escapes.
    private static func isPlainText(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
    }

    /// `;CN="Name"`: a quoted parameter value may not contain DQUOTE or controls, so they are dropped.
    private static func commonName(_ mailbox: EmailAddress) -> String {
        guard let name = mailbox.name else { return "" }
        let clean = HeaderEncoding.sanitized(name).filter { $0 != "\"" }
        return clean.isEmpty ? "" : ";CN=\"\(clean)\""
    }

    /// One content line plus CRLF, folded so no physical line exceeds 75 octets
    /// (continuations start with a space, which counts), never inside a UTF-8 sequence.
    static func folded(_ line: String) -> String {
        if line.utf8.count <= 75 { return line + "\r\n" }
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = scalar.utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }
}
