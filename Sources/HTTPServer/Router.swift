/// A request handler: synchronous, run on a libmicrohttpd pool thread.
///
/// Handlers may block (a libpq query, a lock); that thread serves no other
/// connection meanwhile, so the pool size bounds concurrent blocking work.
/// A thrown `Problem` is answered as is; any other error is answered 500.
public typealias RouteHandler = @Sendable (Request) throws -> Response

/// A registered route: what an OpenAPI document is checked against.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPMethod
    /// The pattern as registered, e.g. `/v1/bookings/{id}/cancel`.
    public let pattern: String

    public var description: String { "\(method) \(pattern)" }
}

/// Maps method and path to a handler, answering 404 and 405 itself.
///
/// Built once before the server starts and immutable afterwards, so pool
/// threads read it without locking. `HEAD` falls back to the `GET` handler
/// (libmicrohttpd drops the body).
public struct Router: Sendable {
    private struct Entry: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handler: RouteHandler
    }

    private var entries: [Entry] = []

    /// Told of every answered request: its method, the route pattern that
    /// matched (`unmatched` for 404/405), the status and how long the handler
    /// took; for per-route metrics, and for what must happen after a request
    /// and before its answer (the availability cache's fence on a write).
    /// Runs on the request's pool thread.
    public var observer: Observer?
    public typealias Observer = @Sendable (_ method: HTTPMethod, _ route: String, _ status: Int, _ duration: Duration) -> Void

    public init() {}

    /// Every registered route, in registration order.
    public var routes: [Route] {
        entries.map { Route(method: $0.method, pattern: $0.pattern.text) }
    }

    /// Registers `handler` for `method` on `pattern`.
    ///
    /// Traps on a malformed pattern or a second handler for the same method
    /// and pattern shape: both are mistakes in code, found at startup.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping RouteHandler) {
        let parsed = RoutePattern(pattern)
        precondition(!entries.contains { $0.method == method && $0.pattern.shape == parsed.shape },
                     "route \(method) \(pattern) is registered twice")
        entries.append(Entry(method: method, pattern: parsed, handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping RouteHandler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping RouteHandler) { add(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping RouteHandler) { add(.put, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping RouteHandler) { add(.patch, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping RouteHandler) { add(.delete, pattern, handler) }

    /// The pattern of the route that serves `request` (`/manage/{token}`), or
    /// `unmatched`: what logs name instead of a path, which may hold a token.
    public func routePattern(of request: Request) -> String {
        let segments = RoutePattern.split(request.path)
        let wanted: Set<HTTPMethod> = request.method == .head ? [.head, .get] : [request.method]
        return entries.filter { wanted.contains($0.method) && $0.pattern.match(segments) != nil }
            .min { $0.pattern.isMoreSpecific(than: $1.pattern) }?.pattern.text ?? "unmatched"
    }

    /// Runs the handler of the most specific route matching `request`.
    ///
    /// Answers 404 when no pattern matches the path, and 405 with an `Allow`
    /// header when patterns match but none for this method. Errors thrown by
    /// the handler propagate to the caller (the server maps them).
    public func respond(to request: Request) throws -> Response {
        let segments = RoutePattern.split(request.path)
        let candidates = entries.compactMap { entry in
            entry.pattern.match(segments).map { (entry, $0) }
        }
        guard !candidates.isEmpty else {
            observer?(request.method, "unmatched", 404, .zero)
            return .problem(.notFound(detail: "No resource at \(request.path)."))
        }
        let wanted: Set<HTTPMethod> = request.method == .head ? [.head, .get] : [request.method]
        let best = candidates.filter { wanted.contains($0.0.method) }.min { lhs, rhs in
            if lhs.0.method != rhs.0.method { return lhs.0.method == request.method }
            return lhs.0.pattern.isMoreSpecific(than: rhs.0.pattern)
        }
        guard let (entry, parameters) = best else {
            var allowed = Set(candidates.map(\.0.method))
            if allowed.contains(.get) { allowed.insert(.head) }
            var response = Response.problem(.methodNotAllowed(detail: "\(request.path) does not accept \(request.method)."))
            response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            observer?(request.method, "unmatched", 405, .zero)
            return response
        }
        var routed = request
        routed.pathParameters = parameters
        guard let observer else { return try entry.handler(routed) }
        let started = ContinuousClock.now
        do {
            let response = try entry.handler(routed)
            observer(request.method, entry.pattern.text, response.status, ContinuousClock.now - started)
            return response
        } catch {
            observer(request.method, entry.pattern.text, (error as? Problem)?.status ?? 500, ContinuousClock.now - started)
            throw error
        }
    }
}
