internal import Synchronization

/// An HTTP/1.1 server on libmicrohttpd: a pool of threads, each running an
/// epoll loop and the handlers of its connections.
///
/// Lifecycle: `init` (nothing listens yet) → `start()` → `stop()`. A stopped
/// server cannot start again; make a new one. Releasing a running server
/// stops it abruptly (no draining): call `stop()` for a graceful stop.
public final class Server: Sendable {
    private enum State {
        case idle
        case running(Daemon)
        case stopped
    }

    public let configuration: ServerConfiguration
    private let context: ServerContext
    private let state = Mutex<State>(.idle)

    /// - Parameter onError: called on a pool thread with every error a handler
    ///   threw (other than a 4xx `Problem`) and every response libmicrohttpd
    ///   refused; the client only sees a generic 500. Must not block long.
    public init(
        configuration: ServerConfiguration = ServerConfiguration(),
        router: Router,
        onError: @escaping @Sendable (any Error, Request) -> Void = { _, _ in }
    ) {
        precondition(configuration.maxBodySize >= 0, "maxBodySize must not be negative")
        self.configuration = configuration
        precondition(configuration.perClientConnectionLimit >= 0, "perClientConnectionLimit must not be negative")
        context = ServerContext(router: router, maxBodySize: configuration.maxBodySize, headerTimeout: configuration.headerTimeout,
                                trustedProxies: configuration.trustedProxies, onError: onError)
    }

    /// The routes served, for checking an OpenAPI document against them.
    public var routes: [Route] { context.router.routes }

    /// The port listened on while running (the kernel's pick when configured
    /// as 0), else nil.
    public var port: UInt16? {
        state.withLock { state in
            if case .running(let daemon) = state { daemon.port } else { nil }
        }
    }

    /// Binds the configured address and starts the pool threads.
    ///
    /// - Throws: `HTTPServerError` `invalid_address` for a non-numeric host,
    ///   `start_failed` when the address cannot be bound, `not_startable` when
    ///   already started or stopped.
    public func start() throws(HTTPServerError) {
        try state.withLock { (state: inout State) throws(HTTPServerError) in
            guard case .idle = state else {
                throw HTTPServerError(.notStartable, "the server was already started")
            }
            state = .running(try Daemon(configuration: configuration, context: context))
        }
    }

    /// Stops gracefully: refuses new connections at once, waits up to
    /// `timeout` for requests in flight to be answered (they are told
    /// `Connection: close`), then closes every connection and joins the threads.
    ///
    /// Blocks the caller; never call it from a handler (it would wait for
    /// itself). Calling it again, or before `start()`, does nothing.
    /// - Returns: false when requests were still in flight at the timeout.
    @discardableResult
    public func stop(timeout: Duration = .seconds(10)) -> Bool {
        let running = state.withLock { state -> Daemon? in
            defer { state = .stopped }
            if case .running(let daemon) = state { return daemon }
            return nil
        }
        guard let running else { return true }
        context.stopping.store(true, ordering: .relaxed)
        running.quiesce()
        let drained = context.inFlight.waitUntilIdle(timeout: timeout)
        running.stop()
        return drained
    }
}
