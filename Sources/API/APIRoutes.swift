public import Booking
import Crypto
import Foundation
public import HTTPServer
public import Postgres

/// The public booking API under `/v1`, what booking web pages call.
///
/// Every route needs `Authorization: Bearer <key>` naming one business (a
/// public or an admin key); everything it reads or changes is filtered by
/// that business, so another business's ids answer 404 like unknown ones.
/// Handlers run on libmicrohttpd's pool threads and block on the database
/// pool there. Errors are problem+json (`APIError`); every POST honours
/// `Idempotency-Key`.
public struct APIRoutes: Sendable {
    let store: BookingStore
    let waitlist: WaitlistStore
    let offers: WaitlistOffers
    /// Per-key request budgets, shared by the public and admin routes; nil: unlimited.
    let limiter: RateLimiter?
    /// The limits on public writes; nil: none (a public key books like an admin one).
    let doors: PublicDoors?
    let gate: PublicGate
    /// Keys this daemon has verified; nil: every request reads its key's row.
    let keys: APIKeyCache?
    /// The longest range `GET /v1/availability` answers for at once.
    static let maxAvailabilityRange: TimeInterval = 31 * 86_400

    /// The routes' stores on one pool, outbox and link key (the admin routes share them).
    static func make(pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken, limiter: RateLimiter?,
                     doors: PublicDoors? = nil, availabilityCache: AvailabilityCache? = nil, keys: APIKeyCache? = nil) -> APIRoutes {
        APIRoutes(store: BookingStore(pool: pool, outbox: outbox, manageTokens: manageTokens, availabilityCache: availabilityCache),
                  waitlist: WaitlistStore(pool: pool, tokens: manageTokens),
                  offers: WaitlistOffers(outbox: outbox, tokens: manageTokens), limiter: limiter, doors: doors,
                  gate: PublicGate(limits: doors?.limits ?? .none, outbox: outbox), keys: keys)
    }

    /// Registers the `/v1` routes on `router`.
    /// - Parameter limiter: the per-key budgets; pass the same one to
    ///   `AdminRoutes.register` so a key's admin and public calls share one budget.
    /// - Parameter availabilityCache: this daemon's cache for `/v1/availability` (nil: none).
    /// - Parameter keys: this daemon's verified keys (nil: none); pass the same one to `AdminRoutes.register`.
    public static func register(on router: inout Router, pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken,
                                limiter: RateLimiter? = nil, doors: PublicDoors? = nil, availabilityCache: AvailabilityCache? = nil,
                                keys: APIKeyCache? = nil) {
        let routes = make(pool: pool, outbox: outbox, manageTokens: manageTokens, limiter: limiter, doors: doors,
                          availabilityCache: availabilityCache, keys: keys)
        router.get("/v1/locations") { request in try routes.guarded(request, routes.locations) }
        router.get("/v1/services") { request in try routes.guarded(request, routes.services) }
        router.get("/v1/providers") { request in try routes.guarded(request, routes.providers) }
        router.get("/v1/availability") { request in try routes.guarded(request, routes.availability) }
        router.post("/v1/bookings") { request in try routes.guarded(request, routes.book) }
        router.get("/v1/manage/{token}") { request in try routes.guarded(request, routes.showBooking) }
        router.post("/v1/manage/{token}/cancel") { request in try routes.guarded(request, routes.cancel) }
        router.post("/v1/manage/{token}/reschedule") { request in try routes.guarded(request, routes.reschedule) }
        router.get("/v1/openapi.yaml") { _ in Self.openAPIDocument }
        router.post("/v1/waitlist") { request in try routes.guarded(request, routes.joinWaitlist) }
        router.get("/v1/waitlist/{token}") { request in try routes.guarded(request, routes.showWaitlistEntry) }
        router.post("/v1/waitlist/{token}/leave") { request in try routes.guarded(request, routes.leaveWaitlist) }
        router.delete("/v1/waitlist/{token}") { request in try routes.guarded(request, routes.leaveWaitlist) }
        router.get("/v1/offers/{token}") { request in try routes.guarded(request, routes.showOffer) }
        router.post("/v1/offers/{token}/accept") { request in try routes.guarded(request, routes.acceptOffer) }
        router.get("/v1/admin/waitlist") { request in try routes.guarded(request, routes.adminWaitlist) }
    }

    /// `GET /v1/openapi.yaml`: the document describing every route, compiled
    /// into the binary (SwiftPM `embedInCode`) so the daemon serves it without
    /// the source tree. Public: it holds no business's data.
    static let openAPIDocument = Response(status: 200, headers: ["Content-Type": "application/yaml"], body: PackageResources.openapi_yaml)

    /// Authorises the request, spends one of its key's budget (429 when none
    /// is left), runs `handler`, and answers domain errors as
    /// problem+json, and a database that cannot be reached as 503. Other errors
    /// propagate: the server answers them 500 and reports them to its error hook.
    func guarded(_ request: Request, _ handler: (Request, APIKeyStore.Grant) throws -> Response) throws -> Response {
        do {
            return try answeringProblems {
                let grant = try authorize(request)
                if case .limited(let seconds)? = limiter?.admit(grant.keyID) { throw APIError.rateLimited(retryAfter: seconds) }
                return try handler(request, grant)
            }
        } catch let error as PostgresError where error.isConnectionFailure {
            return APIError.unavailable.response
        }
    }

    func answeringProblems(_ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch let error as APIError {
            return error.response
        } catch let error as BookingError {
            return APIError(error).response
        }
    }

    private func authorize(_ request: Request) throws -> APIKeyStore.Grant {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else { throw APIError.unauthorized }
        let presented = InputReader.trimmed(String(header.dropFirst("Bearer ".count)))
        guard let grant = try APIKeyStore.verify(presented, cache: keys, pool: store.pool) else { throw APIError.unauthorized }
        return grant
    }

    /// Runs a POST's operation in one transaction, under its `Idempotency-Key`
    /// when it has one: the same key and request replay the stored answer
    /// (marked `Idempotent-Replayed: true`); the same key with another request
    /// answers 422. Domain errors become answers inside the transaction; they
    /// are not stored (`IdempotencyStore`), so a corrected retry with the same
    /// key runs.
    func idempotent(_ request: Request, _ grant: APIKeyStore.Grant, _ operation: @escaping (Connection) throws -> Response) throws -> Response {
        guard let key = request.headers["Idempotency-Key"] else {
            return try answeringProblems { try store.pool.withTransaction(operation) }
        }
        guard InputFormat.idempotencyKey.matches(key) else {
            throw APIError.validation([APIError.FieldError(field: "Idempotency-Key", message: InputFormat.idempotencyKey.message)])
        }
        let hash = Data(SHA256.hash(Array("\(request.method) \(request.path)\n".utf8) + Self.canonical(request.body)))
        let answer = try IdempotencyStore.answer(business: grant.businessID, key: key, requestHash: hash, pool: store.pool) { connection in
            let response = try answeringProblems { try operation(connection) }
            return (response.status, response.body)
        }
        var response = Response(status: answer.status, body: answer.body)
        response.headers["Content-Type"] = answer.status >= 400 ? "application/problem+json" : "application/json"
        if answer.replayed { response.headers["Idempotent-Replayed"] = "true" }
        return response
    }

    /// The body with JSON object keys sorted, so "the same body" means the same
    /// JSON whatever order a client's serializer writes keys in. A body that is
    /// not JSON is compared byte for byte.
    static func canonical(_ body: [UInt8]) -> [UInt8] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
              let sorted = try? JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .fragmentsAllowed])
        else { return body }
        return Array(sorted)
    }
}
