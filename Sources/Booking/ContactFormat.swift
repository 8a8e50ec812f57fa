/// The shapes of a customer's contact details that every door (the API, the
/// booking pages) accepts. Stricter than the schema's CHECKs, which stay the
/// backstop: what passes here also passes there.
public enum ContactFormat {
    /// One `@`, no spaces, a dot in the domain; at most 254 characters (RFC 5321's path limit).
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, parts[1].count >= 3 else { return false }
        let domain = parts[1]
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
            && domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    /// E.164: `+`, a non-zero digit, then 6 to 14 more digits.
    public static func isPhone(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.hasPrefix("+") && (7...15).contains(digits.count) && digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
