extension Request {
    /// The client's address: the one every throttle, audit row and log line uses.
    ///
    /// The TCP peer's, unless the peer is a trusted proxy; then the right-most
    /// `X-Forwarded-For` entry that is not itself a trusted proxy (entries to
    /// its left were written by the client and prove nothing). A forwarded
    /// entry that is not a numeric address ends the walk at the hop that
    /// wrote it, so a proxy passing garbage along cannot hide the client
    /// behind an arbitrary string. Headers from an untrusted peer change nothing.
    public func clientAddress(trusting proxies: TrustedProxies) -> String {
        guard proxies.contains(peerAddress) else { return peerAddress }
        var hop = peerAddress
        let entries = headers.values(for: "X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { String($0).trimmingSpaces }
        for entry in entries.reversed() {
            guard TrustedProxies.isAddress(entry) else { return hop }
            hop = entry
            if !proxies.contains(entry) { return entry }
        }
        return hop
    }

    /// Whether the client reached the server over HTTPS: only a trusted
    /// proxy's `X-Forwarded-Proto: https` says so (the daemon itself speaks HTTP).
    public func isForwardedHTTPS(trusting proxies: TrustedProxies) -> Bool {
        guard proxies.contains(peerAddress), let proto = headers.values(for: "X-Forwarded-Proto").last else { return false }
        return proto.split(separator: ",").last.map { String($0).trimmingSpaces.lowercased() } == "https"
    }
}
