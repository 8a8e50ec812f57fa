/// An RFC 9457 problem detail, answered as `application/problem+json`.
///
/// Every error the API shows a client is one of these, with a stable `code`
/// (an extension member) that clients match on instead of parsing `title`.
/// A handler may throw a `Problem`: the server answers it as it is, while any
/// other thrown error becomes a 500 that reveals nothing.
public struct Problem: Error, Sendable, Equatable, Codable {
    /// A URI naming the problem type; `about:blank` means "see `status`".
    public var type: String
    /// A short human summary, the same for every occurrence of the type.
    public var title: String
    public var status: Int
    /// A human explanation of this occurrence; never internals (SQL, paths).
    public var detail: String?
    /// A stable snake_case identifier clients match on.
    public var code: String

    public init(status: Int, code: String, title: String, detail: String? = nil, type: String = "about:blank") {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
    }

    /// 404: no route serves the path.
    public static func notFound(detail: String? = nil) -> Problem {
        Problem(status: 404, code: "not_found", title: "Not Found", detail: detail)
    }

    /// 405: the path exists, but not for this method.
    public static func methodNotAllowed(detail: String? = nil) -> Problem {
        Problem(status: 405, code: "method_not_allowed", title: "Method Not Allowed", detail: detail)
    }

    /// 413: the body exceeded the server's limit.
    public static func contentTooLarge(limit: Int) -> Problem {
        Problem(status: 413, code: "content_too_large", title: "Content Too Large",
                detail: "The request body exceeds \(limit) bytes.")
    }

    /// 400: the body is not the JSON the operation expects.
    public static func invalidJSON(detail: String? = nil) -> Problem {
        Problem(status: 400, code: "invalid_json", title: "Bad Request", detail: detail)
    }

    /// 500: a failure the client cannot act on; the details go to the error hook only.
    public static let internalError = Problem(
        status: 500, code: "internal_error", title: "Internal Server Error",
        detail: "The server failed to answer this request; it has been logged.")
}
