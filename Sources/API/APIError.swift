public import Booking
import Foundation
public import HTTPServer

/// The one error type of the API module: an RFC 9457 problem with a stable
/// `code`, field-level `errors`, and for a taken slot the `alternatives`.
///
/// Handlers throw it; the route wrapper answers it as
/// `application/problem+json`. Its texts never contain a token, a key or a
/// customer's contact data, only what the client sent wrong.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// One input that failed validation, named by its JSON path or query parameter.
    public struct FieldError: Sendable, Hashable, Codable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public let status: Int
    public let code: String
    public let title: String
    public let detail: String
    public var errors: [FieldError] = []
    public var alternatives: [AvailableSlot] = []
    /// For `template_lint_failed`: what lint found, errors and warnings.
    public var problems: [LintFinding] = []

    /// One lint finding as the API shows it: where, how bad, what.
    public struct LintFinding: Sendable, Hashable, Codable {
        public let severity: String
        public let file: String
        public let line: Int
        public let column: Int
        public let message: String
    }
    /// Seconds for the `Retry-After` header of a 429.
    var retryAfter: Int?
    /// The zone alternatives' local times are shown in.
    var zone: TimeZone = .gmt

    public init(status: Int, code: String, title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    public var description: String { "\(status) \(code): \(detail)" }

    /// 400 for a request openapi.yaml's schema refuses:
    /// a field missing, of the wrong type, format or length, or unknown.
    static func validation(_ errors: [FieldError]) -> APIError {
        APIError(status: 400, code: "invalid_request", title: "Invalid request",
                 detail: "\(errors.count) field(s) do not match the API's schema; see errors.", errors: errors)
    }

    /// 422 for a request the schema allows but a rule refuses, with the rule's
    /// own stable `code` (`invalid_range`, `unknown_time_zone`, …) and the
    /// fields at fault.
    static func rule(_ code: String, _ errors: [FieldError]) -> APIError {
        APIError(status: 422, code: code, title: "Request refused by a rule",
                 detail: errors.map { "\($0.field) \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    /// One bad field of a request: what is wrong, and the rule's code when the
    /// schema allows the value (nil: the schema refuses it).
    struct InputProblem {
        let rule: String?
        let error: FieldError
    }

    /// The answer to a request with `problems`, in the order they were found, or
    /// nil when there are none: 400 `invalid_request` when the schema refuses
    /// any field (every problem listed, so one answer says all there is to
    /// fix), else 422 named by the first rule broken.
    static func refusing(_ problems: [InputProblem]) -> APIError? {
        guard let first = problems.first else { return nil }
        let errors = problems.map(\.error)
        if problems.contains(where: { $0.rule == nil }) { return validation(errors) }
        return rule(first.rule ?? "", errors)
    }

    static let unauthorized = APIError(
        status: 401, code: "unauthorized", title: "Unauthorized",
        detail: "Send a business's API key as 'Authorization: Bearer <key>'.")

    /// 503 while the database cannot be reached (restarting, failing over, the
    /// pool exhausted): the client should retry, and a load balancer can route
    /// around this daemon. Never stored as an idempotent answer.
    static let unavailable = APIError(
        status: 503, code: "database_unavailable", title: "Service unavailable",
        detail: "The booking database cannot be reached right now; retry shortly.")

    /// 429 when a key has used its request budget (`RateLimiter`); the
    /// answer's `Retry-After` says how many seconds until it may try again.
    static func rateLimited(retryAfter: Int) -> APIError {
        var error = APIError(status: 429, code: "rate_limited", title: "Too Many Requests",
                             detail: "This API key sent too many requests; retry after \(retryAfter) second(s).")
        error.retryAfter = retryAfter
        return error
    }

    /// 429 for a public write a limit refused (`PublicRefusal`): its reason is the code.
    static func refused(_ refusal: PublicRefusal) -> APIError {
        var error = APIError(status: 429, code: refusal.reason.rawValue, title: "Too Many Requests",
                             detail: "\(refusal.description); nothing was booked or sent.")
        error.retryAfter = refusal.retryAfter
        return error
    }

    /// The booking module's errors as the API answers them.
    init(_ error: BookingError) {
        switch error.code {
        case .notFound:
            self.init(status: 404, code: "not_found", title: "Not Found", detail: error.message)
        case .slotUnavailable:
            self.init(status: 409, code: "slot_unavailable", title: "Slot unavailable",
                      detail: "\(error.message); see alternatives for the nearest free times.")
            alternatives = error.alternatives
            zone = error.timeZone ?? .gmt
        case .notBookable:
            let reason = error.schedulingCode ?? "not_bookable"
            let field = reason == "service_not_offered" ? "provider" : "start"
            self.init(status: 422, code: reason, title: "Not bookable", detail: error.message,
                      errors: [FieldError(field: field, message: error.message)])
        case .noticePassed:
            self.init(status: 409, code: error.code.rawValue, title: "Too late to change", detail: error.message)
        case .notActive:
            self.init(status: 409, code: error.code.rawValue, title: "Booking not active", detail: error.message)
        case .offerExpired:
            self.init(status: 410, code: error.code.rawValue, title: "Offer expired", detail: error.message)
        case .idempotencyKeyReused:
            self.init(status: 422, code: error.code.rawValue, title: "Idempotency-Key reused", detail: error.message,
                      errors: [FieldError(field: "Idempotency-Key", message: "already used with a different request")])
        case .alreadyExists:
            self.init(status: 409, code: error.code.rawValue, title: "Already exists", detail: error.message)
        case .invalid:
            self.init(status: 422, code: error.code.rawValue, title: "Invalid", detail: error.message)
        case .inUse:
            self.init(status: 409, code: error.code.rawValue, title: "In use", detail: error.message)
        case .constraintViolated:
            self.init(status: 422, code: error.code.rawValue, title: "Invalid combination", detail: error.message)
        case .invalidValue:
            self.init(status: 422, code: error.code.rawValue, title: "Invalid value", detail: error.message)
        }
    }

    /// The problem+json answer.
    public var response: Response {
        var response = APIJSON.response(Body(self), status: status)
        response.headers["Content-Type"] = "application/problem+json"
        if status == 401 { response.headers["WWW-Authenticate"] = "Bearer" }
        if status == 503 { response.headers["Retry-After"] = "5" }
        if let retryAfter { response.headers["Retry-After"] = String(retryAfter) }
        return response
    }

    private struct Body: Encodable {
        let type = "about:blank"
        let title: String
        let status: Int
        let detail: String
        let code: String
        let errors: [FieldError]?
        let alternatives: [SlotView]?
        let problems: [LintFinding]?

        init(_ error: APIError) {
            title = error.title
            status = error.status
            detail = error.detail
            code = error.code
            errors = error.errors.isEmpty ? nil : error.errors
            alternatives = error.code == "slot_unavailable" ? error.alternatives.map { SlotView($0, zone: error.zone) } : nil
            problems = error.problems.isEmpty ? nil : error.problems
        }
    }
}
