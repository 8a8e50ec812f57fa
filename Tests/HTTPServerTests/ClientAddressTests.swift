import HTTPServer
import Testing

/// `Request.clientAddress(trusting:)`: forwarding headers count only from a trusted proxy.
@Suite("The client's address")
struct ClientAddressTests {
    let proxies = try! TrustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"])

    func request(peer: String, forwardedFor: [String] = [], proto: String? = nil) -> Request {
        var headers = Headers()
        for value in forwardedFor { headers.add("X-Forwarded-For", value) }
        if let proto { headers.add("X-Forwarded-Proto", proto) }
        return Request(method: .get, path: "/", headers: headers, peerAddress: peer)
    }

    @Test func aForgedForwardedForFromAnUntrustedPeerChangesNothing() {
        let forged = request(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"], proto: "https")
        #expect(forged.clientAddress(trusting: proxies) == "203.0.113.9")
        #expect(!forged.isForwardedHTTPS(trusting: proxies))
        #expect(forged.clientAddress(trusting: TrustedProxies()) == "203.0.113.9")
    }

    @Test func aTrustedProxyNamesTheRightMostUntrustedHop() {
        // The client claimed 1.1.1.1; the proxy appended the address it saw.
        let forwarded = request(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, 198.51.100.7"], proto: "https")
        #expect(forwarded.clientAddress(trusting: proxies) == "198.51.100.7")
        #expect(forwarded.isForwardedHTTPS(trusting: proxies))
        // Two trusted hops (a load balancer in front of nginx), over two header lines.
        let chained = request(peer: "127.0.0.1", forwardedFor: ["8.8.8.8, 198.51.100.7", "10.1.2.3"])
        #expect(chained.clientAddress(trusting: proxies) == "198.51.100.7")
        #expect(!chained.isForwardedHTTPS(trusting: proxies))
    }

    @Test func garbageOrNothingForwardedLeavesTheLastTrustedHop() {
        #expect(request(peer: "127.0.0.1").clientAddress(trusting: proxies) == "127.0.0.1")
        #expect(request(peer: "127.0.0.1", forwardedFor: ["<script>, 10.0.0.5"]).clientAddress(trusting: proxies) == "10.0.0.5")
        #expect(request(peer: "::ffff:10.9.9.9", forwardedFor: ["2001:db8::1"]).clientAddress(trusting: proxies) == "2001:db8::1")
    }

    @Test func cidrBlocksMatchByPrefixAndBadEntriesAreRefused() throws {
        #expect(proxies.contains("10.255.0.1") && !proxies.contains("11.0.0.1"))
        #expect(proxies.contains("fd12::1") && !proxies.contains("fe80::1"))
        #expect(throws: HTTPServerError.self) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(throws: HTTPServerError.self) { try TrustedProxies(["proxy.example"]) }
        #expect(try TrustedProxies([" ", ""]).isEmpty)
    }
}
