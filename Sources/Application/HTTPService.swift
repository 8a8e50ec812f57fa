public import HTTPServer
import Runtime

/// The HTTP server as a service: listens on start, and on stop refuses new
/// connections and lets requests in flight finish (up to the shutdown timeout).
final class HTTPService: Service {
    let name: String
    private let server: Server
    private let logger: Logger
    private let shutdownTimeout: Duration

    init(server: Server, name: String, shutdownTimeout: Duration, logger: Logger) {
        self.name = name
        self.server = server
        self.logger = logger
        self.shutdownTimeout = shutdownTimeout
    }

    func start() async throws {
        try server.start()
        logger.notice("listening", ["service": LogValue(name), "address": LogValue(server.configuration.host),
                                    "port": LogValue(String(server.port ?? 0))])
    }

    func stop() async throws {
        let server = self.server, timeout = shutdownTimeout
        let finished = try await BlockingThread.run("http-stop") { server.stop(timeout: timeout) }
        if !finished { logger.warning("requests still running at shutdown were cut off") }
    }
}

extension Application {
    /// A server for one listener, not yet started: the public one (`[http]`,
    /// serving `router`) or with `listener` "ops" the operator console's
    /// (`[ops]`, serving `opsRouter`, never behind a proxy: it trusts none).
    /// A failed request is logged by the route's pattern, never the path:
    /// customer tokens are in paths.
    public func makeServer(listener: String = "http") throws -> Server {
        guard let router = listener == "ops" ? opsRouter : router else {
            preconditionFailure("no \(listener) listener: ops.address is empty")
        }
        let configuration = ServerConfiguration(
            host: config.string("\(listener).address"),
            port: UInt16(config.int("\(listener).port")),
            threadCount: config.int("\(listener).threads"),
            maxBodySize: config.int("http.max_body_bytes"),
            perClientConnectionLimit: config.int("http.per_client_connection_limit"),
            headerTimeout: config.duration("http.header_timeout") > .zero ? config.duration("http.header_timeout") : nil,
            trustedProxies: listener == "ops" ? TrustedProxies() : try PublicDoorsSetup.trustedProxies(config))
        let logger = self.logger
        return Server(configuration: configuration, router: router) { error, request in
            logger.error("request failed", ["method": LogValue(request.method.rawValue), "route": LogValue(router.routePattern(of: request)),
                                            "client": LogValue(request.clientAddress), "error": .describing(String(describing: error))])
        }
    }
}
