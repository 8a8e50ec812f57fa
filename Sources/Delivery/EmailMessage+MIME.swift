extension EmailMessage {
    /// The RFC 5322 message: CRLF line ends, no line over 998 characters, UTF-8 throughout.
    ///
    /// Structure: `multipart/alternative` (text/plain first, text/html last), wrapped
    /// in `multipart/mixed` with a `text/calendar` part when there is an invite.
    /// Bodies are quoted-printable, the invite base64. Boundaries start with `=_`,
    /// which neither encoding can produce, and derive from the Message-ID, so the
    /// same job renders the same bytes.
    public func rendered() -> [UInt8] {
        var head = HeaderEncoding.field("Date", UTCDateTime(date).rfc5322)
        head += "From: " + HeaderEncoding.mailbox(from) + "\r\n"
        if let replyTo { head += "Reply-To: " + HeaderEncoding.mailbox(replyTo) + "\r\n" }
        head += "To: " + HeaderEncoding.mailbox(to) + "\r\n"
        head += HeaderEncoding.field("Subject", subject)
        head += "Message-ID: \(messageID)\r\n"
        head += "MIME-Version: 1.0\r\n"
        let tag = String(UInt64(truncatingIfNeeded: stableHash(messageID.value)), radix: 16)
        let body = alternativePart(boundary: "=_alt_\(tag)")
        guard let calendar else { return Array((head + body).utf8) }
        let mixed = "=_mix_\(tag)"
        var out = head + "Content-Type: multipart/mixed; boundary=\"\(mixed)\"\r\n\r\n"
        out += "--\(mixed)\r\n" + body + "\r\n--\(mixed)\r\n"
        out += "Content-Type: text/calendar; charset=UTF-8; method=\(calendar.method.rawValue)\r\n"
        out += "Content-Transfer-Encoding: base64\r\n"
        out += "Content-Disposition: attachment; filename=\"\(calendar.fileName)\"\r\n\r\n"
        out += Base64.encodeLines(Array(calendar.rendered().utf8))
        out += "--\(mixed)--\r\n"
        return Array(out.utf8)
    }

    /// The text part alone, or text and HTML as `multipart/alternative`; headers included.
    private func alternativePart(boundary: String) -> String {
        guard let html else { return Self.textPart("plain", text) }
        var out = "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
        out += "--\(boundary)\r\n" + Self.textPart("plain", text)
        out += "\r\n--\(boundary)\r\n" + Self.textPart("html", html)
        out += "\r\n--\(boundary)--\r\n"
        return out
    }

    private static func textPart(_ subtype: String, _ content: String) -> String {
        "Content-Type: text/\(subtype); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(content)
    }

    /// FNV-1a: a fixed, platform-independent hash (Swift's `hashValue` is seeded per process).
    private func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
