public import Booking
import Foundation
public import HTTPServer
public import Postgres
import TemplateOverrides
public import Templates

/// The admin API under `/v1/admin`, what a business's admins and its tools
/// call: the catalog and schedules, policies, bookings, customers, message
/// templates and the audit trail.
///
/// Every route needs the business's ADMIN key (a public key answers 403
/// `admin_key_required`) and sees only that business: every statement
/// filters by the key's business and every reference is a composite
/// foreign key, so another business's ids answer 404 like unknown ones.
/// Every change runs in one transaction with its audit entry (`AuditLog`),
/// and honours `Idempotency-Key` like the public POSTs.
public struct AdminRoutes: Sendable {
    let api: APIRoutes
    let erasure: any CustomerErasure
    let editor: TemplateOverrideEditor
    let catalog: TemplateCatalog
    var pool: ConnectionPool { api.store.pool }

    /// What a change did, for its answer and its audit entry.
    struct Outcome {
        var response: Response
        /// The ids the change touched, by name (`booking`, `location`, …).
        var targets: [String: String]
        /// What changed, naming fields, never customer contact data.
        var summary: String
    }

    /// Registers the `/v1/admin` routes on `router`.
    /// - Parameters:
    ///   - templates: the shipped default templates, which overrides fall back
    ///     to and may include partials of.
    ///   - erasure: cancels a customer's queued messages when they are erased.
    ///   - limiter: the per-key budgets, the same one the `/v1` routes use.
    ///   - keys: the verified keys, the same cache the `/v1` routes use (nil: none).
    public static func register(on router: inout Router, pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken,
                                templates: any TemplateStore, erasure: any CustomerErasure, limiter: RateLimiter? = nil,
                                keys: APIKeyCache? = nil) {
        let overrides = TemplateOverrideStore(pool: pool)
        let catalog = TemplateCatalog(defaults: templates, overrides: overrides)
        let routes = AdminRoutes(
            api: APIRoutes.make(pool: pool, outbox: outbox, manageTokens: manageTokens, limiter: limiter, keys: keys), erasure: erasure,
            editor: TemplateOverrideEditor(store: overrides, defaults: templates, catalog: catalog), catalog: catalog)
        routes.registerTables(on: &router)
        routes.registerBookings(on: &router)
        routes.registerTemplates(on: &router)
    }

    static let adminKeyRequired = APIError(
        status: 403, code: "admin_key_required", title: "Forbidden",
        detail: "This route needs one of the business's admin keys; public keys only browse and book.")

    /// A read: authorised by an admin key, run on a pool connection.
    func read(_ router: inout Router, _ pattern: String, _ body: @escaping @Sendable (Request, APIKeyStore.Grant, Connection) throws -> Response) {
        router.get(pattern) { request in
            try self.admin(request) { grant in try self.pool.withConnection { try body(request, grant, $0) } }
        }
    }

    /// A change: authorised by an admin key, run in one transaction with its
    /// audit entry, under the request's `Idempotency-Key` when it has one.
    /// A change refused with a domain error writes no audit entry.
    func change(_ router: inout Router, _ method: HTTPMethod, _ pattern: String,
                _ body: @escaping @Sendable (Request, APIKeyStore.Grant, Connection) throws -> Outcome) {
        router.add(method, pattern) { request in
            try self.admin(request) { grant in
                try self.api.idempotent(request, grant) { connection in
                    let outcome = try body(request, grant, connection)
                    try self.audit(grant, method, pattern, outcome, client: request.clientAddress, on: connection)
                    return outcome.response
                }
            }
        }
    }

    func audit(_ grant: APIKeyStore.Grant, _ method: HTTPMethod, _ pattern: String, _ outcome: Outcome, client: String,
               on connection: Connection) throws {
        try AuditLog.record(business: grant.businessID, keyID: grant.keyID, keyPrefix: grant.prefix, method: method.rawValue,
                            route: pattern, targets: outcome.targets, summary: outcome.summary, clientAddress: client, on: connection)
    }

    /// Authorises an admin key. Booking's statements answer the schema's
    /// refusals as domain errors; a statement run here directly is read the
    /// same way (`BookingError(refusal:deleting:)`), outside the transaction it
    /// rolled back.
    func admin(_ request: Request, _ handler: (APIKeyStore.Grant) throws -> Response) throws -> Response {
        try api.guarded(request) { request, grant in
            guard grant.scope == .admin else { throw Self.adminKeyRequired }
            do {
                return try handler(grant)
            } catch let error as PostgresError {
                guard let domain = BookingError(refusal: error, deleting: request.method == .delete) else { throw error }
                throw APIError(domain)
            }
        }
    }

    /// A path segment that must be an id: anything else cannot name a record, so 404.
    static func id(_ request: Request, _ name: String = "id") throws -> UUID {
        guard let id = UUID(uuidString: request.parameter(name)) else { throw APIError(BookingError(.notFound, "no such record")) }
        return id
    }

    /// `{"data": [...]}` around JSON objects made by PostgreSQL, with the next page's cursor when there is one.
    static func list(_ items: [String], next: String? = nil) -> Response {
        var text = "{\"data\":[" + items.joined(separator: ",") + "]"
        if let next { text += ",\"next_cursor\":\"\(next)\"" }
        return json(text + "}")
    }

    static func json(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
    }
}
