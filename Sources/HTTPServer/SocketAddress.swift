// sockaddr_in6's members may be attributed to CMicroHTTPD (its shim includes
// <netinet/in.h>), depending on which module clang builds first: with
// MemberImportVisibility a release build then fails here unless both are imported.
internal import CMicroHTTPD
internal import Glibc
internal import CMicroHTTPD

/// A numeric IPv4 or IPv6 listen address, as the `sockaddr` libmicrohttpd binds.
///
/// Parsing happens before the daemon starts so a typo in the configured host
/// is reported as such, not as a failed bind.
enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    /// Parses `host` with `inet_pton`, trying IPv4 first; brackets around an
    /// IPv6 address (`[::1]`) are accepted.
    init(host: String, port: UInt16) throws(HTTPServerError) {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self = .v6(v6)
            return
        }
        throw HTTPServerError(.invalidAddress, "\(host) is not a numeric IPv4 or IPv6 address")
    }

    var isIPv6: Bool {
        if case .v6 = self { true } else { false }
    }

    /// Lends the address to C for the duration of `body` (MHD copies it at bind time).
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>) -> Result) -> Result {
        switch self {
        case .v4(var address):
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        case .v6(var address):
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        }
    }
}
