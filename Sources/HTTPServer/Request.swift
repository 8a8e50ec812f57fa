/// One HTTP request, fully received, as a handler sees it.
///
/// A value: the server builds it on the libmicrohttpd thread serving the
/// connection after the whole body arrived (within the size limit), so a
/// handler never reads from the socket and never sees a partial body.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The percent-decoded path, without the query string (`/v1/bookings/42`).
    public var path: String
    public var query: QueryParameters
    public var headers: Headers
    public var body: [UInt8]
    /// Values of the route's `{name}` segments, filled in by the `Router`.
    public var pathParameters: [String: String]
    /// The TCP peer's address (a proxy's, behind one); empty when unknown.
    public var peerAddress: String
    /// The proxies whose forwarding headers this server believes (`ServerConfiguration.trustedProxies`).
    public var trustedProxies: TrustedProxies

    public init(
        method: HTTPMethod,
        path: String,
        query: QueryParameters = QueryParameters(),
        headers: Headers = Headers(),
        body: [UInt8] = [],
        pathParameters: [String: String] = [:],
        peerAddress: String = "",
        trustedProxies: TrustedProxies = TrustedProxies()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.peerAddress = peerAddress
        self.trustedProxies = trustedProxies
    }

    /// The client's address under the server's trusted proxies: what throttles and logs use.
    public var clientAddress: String { clientAddress(trusting: trustedProxies) }

    /// Whether the client reached the server over HTTPS, as a trusted proxy says.
    public var isHTTPS: Bool { isForwardedHTTPS(trusting: trustedProxies) }

    /// The value of the route's `{name}` segment.
    ///
    /// Traps when the matched route has no such segment: that is a mismatch
    /// between a handler and the pattern it was registered under.
    public func parameter(_ name: String) -> String {
        guard let value = pathParameters[name] else {
            preconditionFailure("route for \(path) has no path parameter {\(name)}")
        }
        return value
    }
}
