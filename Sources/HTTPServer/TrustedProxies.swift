internal import CMicroHTTPD
internal import Glibc

/// The reverse proxies whose forwarding headers are believed (`[http] trusted_proxies`):
/// addresses and CIDR blocks, IPv4 and IPv6.
///
/// Empty by default: then every `X-Forwarded-For` and `X-Forwarded-Proto` is
/// the client's own claim and is ignored. An IPv4-mapped IPv6 peer
/// (`::ffff:10.0.0.1`) matches its IPv4 form.
public struct TrustedProxies: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let blocks: [Block]

    /// No proxy is trusted.
    public init() { blocks = [] }

    /// - Throws: `HTTPServerError` `invalid_address` naming the first entry
    ///   that is neither a numeric address nor `address/prefix`.
    public init(_ entries: [String]) throws(HTTPServerError) {
        var blocks: [Block] = []
        for raw in entries {
            let entry = raw.trimmingSpaces
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else {
                throw HTTPServerError(.invalidAddress, "trusted proxy '\(entry)' is not an IP address or CIDR block")
            }
            let width = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : width
            guard let prefix, (0...width).contains(prefix) else {
                throw HTTPServerError(.invalidAddress, "trusted proxy '\(entry)' has a prefix outside 0...\(width)")
            }
            blocks.append(Block(bytes: bytes, prefix: prefix))
        }
        self.blocks = blocks
    }

    public var isEmpty: Bool { blocks.isEmpty }

    /// Whether `address` (numeric, as a peer or `X-Forwarded-For` entry) is a trusted proxy's.
    public func contains(_ address: String) -> Bool {
        guard !blocks.isEmpty, let bytes = Self.parse(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The address's bytes (4 or 16), an IPv4-mapped IPv6 address as its 4, or nil
    /// when it is not a numeric address (`inet_pton`).
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }

    /// Whether `text` is a numeric IPv4 or IPv6 address.
    public static func isAddress(_ text: String) -> Bool { parse(text) != nil }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
