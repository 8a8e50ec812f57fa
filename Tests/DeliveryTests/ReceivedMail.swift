import Foundation

/// A message as the SMTP peer spooled it, parsed just enough to assert on.
struct ReceivedMail: Decodable {
    let mailFrom: String
    let rcptTos: [String]
    let data: String

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from", rcptTos = "rcpt_tos", data
    }

    static func load(_ url: URL) throws -> ReceivedMail {
        try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: url))
    }

    /// The exact bytes that crossed the wire after DATA.
    var raw: [UInt8] { [UInt8](Data(base64Encoded: data) ?? Data()) }
    var text: String { String(decoding: raw, as: UTF8.self) }
    var message: MIMEEntity { MIMEEntity(text) }
}

/// One MIME entity: unfolded headers and a body, with multipart children.
struct MIMEEntity {
    let headers: [(name: String, value: String)]
    let body: String

    init(_ text: String) {
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        body = split.map { String(text[$0.upperBound...]) } ?? ""
        var fields: [(String, String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = fields.popLast() {
                fields.append((last.0, last.1 + line))
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        headers = fields
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The header with RFC 2047 encoded words decoded.
    func decodedHeader(_ name: String) -> String? {
        header(name).map(Self.decodeWords)
    }

    var parts: [MIMEEntity] {
        guard let type = header("Content-Type"), let range = type.range(of: "boundary=\"") else { return [] }
        let boundary = String(type[range.upperBound...].prefix { $0 != "\"" })
        let sections = body.components(separatedBy: "--\(boundary)")
        // Each section starts with the CRLF ending the delimiter line and ends with the CRLF
        // that belongs to the next delimiter ("\r\n" is one Character in Swift).
        return sections.dropFirst().dropLast().map { section in
            var text = Substring(section)
            if text.hasPrefix("\r\n") { text = text.dropFirst() }
            if text.hasSuffix("\r\n") { text = text.dropLast() }
            return MIMEEntity(String(text))
        }
    }

    /// The body with its transfer encoding undone, as UTF-8.
    var decodedBody: String {
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "quoted-printable": return String(decoding: Self.decodeQuotedPrintable(body), as: UTF8.self)
        case "base64": return String(decoding: Data(base64Encoded: body, options: .ignoreUnknownCharacters) ?? Data(), as: UTF8.self)
        default: return body
        }
    }

    static func decodeQuotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
               let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    static func decodeWords(_ value: String) -> String {
        let pattern = /=\?UTF-8\?B\?([A-Za-z0-9+\/=]*)\?=/
        let joined = value.replacing(/\?=\s+=\?/, with: "?==?")
        return joined.replacing(pattern) { match in
            String(decoding: Data(base64Encoded: String(match.1)) ?? Data(), as: UTF8.self)
        }
    }
}
