/// Where and how the server listens; every value has a production default.
public struct ServerConfiguration: Sendable {
    /// A numeric IPv4 or IPv6 address (`127.0.0.1`, `::1`, `0.0.0.0`); names are not resolved.
    public var host: String
    /// The TCP port; 0 asks the kernel for a free one (read it back from `Server.port`).
    public var port: UInt16
    /// libmicrohttpd worker threads, each running its own epoll loop and the
    /// handlers of its connections; blocking handlers need one thread each.
    public var threadCount: Int
    /// Simultaneous connections accepted across all threads.
    public var connectionLimit: Int
    /// An idle connection is closed after this long (whole seconds, at least 1).
    public var idleTimeout: Duration
    /// The largest request body accepted; larger ones are answered 413.
    public var maxBodySize: Int
    /// Simultaneous connections from one peer address (`MHD_OPTION_PER_IP_CONNECTION_LIMIT`);
    /// 0: no cap, right only when every peer is a trusted proxy doing its own capping.
    public var perClientConnectionLimit: Int
    /// Time a request's headers may take to arrive, however slowly they trickle
    /// (the idle timeout alone is reset by every byte); nil: no deadline.
    public var headerTimeout: Duration?
    /// Peers whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (`Request.clientAddress`).
    public var trustedProxies: TrustedProxies

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 0,
        threadCount: Int = 4,
        connectionLimit: Int = 1000,
        idleTimeout: Duration = .seconds(30),
        maxBodySize: Int = 1 << 20,
        perClientConnectionLimit: Int = 0,
        headerTimeout: Duration? = nil,
        trustedProxies: TrustedProxies = TrustedProxies()
    ) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.connectionLimit = connectionLimit
        self.idleTimeout = idleTimeout
        self.maxBodySize = maxBodySize
        self.perClientConnectionLimit = perClientConnectionLimit
        self.headerTimeout = headerTimeout
        self.trustedProxies = trustedProxies
    }
}
