internal import Synchronization

/// Everything the C callbacks need, reached through one `Unmanaged` pointer.
///
/// Immutable except for the atomic `stopping` flag and the `InFlight`
/// counter, so libmicrohttpd's pool threads share it without further locking.
/// `Daemon` retains it for as long as libmicrohttpd may call back.
final class ServerContext: Sendable {
    let router: Router
    let maxBodySize: Int
    let trustedProxies: TrustedProxies
    let onError: @Sendable (any Error, Request) -> Void
    let inFlight = InFlight()
    /// Closes connections whose request headers take too long; nil: no deadline.
    let headerDeadlines: HeaderDeadlines?
    /// Set when a stop begins: responses then carry `Connection: close`.
    let stopping = Atomic<Bool>(false)

    init(router: Router, maxBodySize: Int, headerTimeout: Duration? = nil, trustedProxies: TrustedProxies = TrustedProxies(),
         onError: @escaping @Sendable (any Error, Request) -> Void) {
        self.router = router
        self.trustedProxies = trustedProxies
        headerDeadlines = headerTimeout.map(HeaderDeadlines.init(timeout:))
        self.maxBodySize = maxBodySize
        self.onError = onError
    }

    /// The router's answer, with thrown errors mapped: a `Problem` is answered
    /// as is (and reported when it is a 5xx), anything else is reported and
    /// answered with a generic 500 that leaks nothing.
    func respond(to request: Request) -> Response {
        do {
            return try router.respond(to: request)
        } catch let problem as Problem {
            if problem.status >= 500 { onError(problem, request) }
            return .problem(problem)
        } catch {
            onError(error, request)
            return .problem(.internalError)
        }
    }

    /// Queues `response`; if libmicrohttpd refuses it (a bad header), reports
    /// why and queues a 500 instead. `.NO` makes libmicrohttpd close the connection.
    func answer(_ response: Response, to request: Request, on connection: Connection) -> Bool {
        let closing = stopping.load(ordering: .relaxed)
        do {
            try connection.queue(response, closing: closing)
            return true
        } catch {
            onError(error, request)
            return (try? connection.queue(.problem(.internalError), closing: closing)) != nil
        }
    }
}
