import HTTPServer
import Runtime

/// The HTTP server as a service: listens on start, and on stop refuses new
/// connections and lets requests in flight finish (up to the shutdown timeout).
final class HTTPService: Service {
    let name: String
    private let server: Server
    private let logger: Logger
    private let shutdownTimeout: Duration

    /// The public listener (`[http]`), or with `name` "ops" the operator console's
    /// (`[ops]`, never behind a proxy: it trusts none).
    init(config: Config, router: Router, trustedProxies: TrustedProxies, logger: Logger, name: String = "http") {
        self.name = name
        let configuration = ServerConfiguration(
            host: config.string("\(name).address"),
            port: UInt16(config.int("\(name).port")),
            threadCount: config.int("\(name).threads"),
            maxBodySize: config.int("http.max_body_bytes"),
            perClientConnectionLimit: config.int("http.per_client_connection_limit"),
            headerTimeout: config.duration("http.header_timeout") > .zero ? config.duration("http.header_timeout") : nil,
            trustedProxies: trustedProxies)
        self.logger = logger
        self.shutdownTimeout = config.duration("http.shutdown_timeout")
        self.server = Server(configuration: configuration, router: router) { error, request in
            // The route's pattern, never the path: customer tokens are in paths.
            logger.error("request failed", ["method": LogValue(request.method.rawValue), "route": LogValue(router.routePattern(of: request)),
                                            "client": LogValue(request.clientAddress), "error": .describing(String(describing: error))])
        }
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
