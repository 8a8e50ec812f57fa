internal import Foundation

/// An HTTP response a handler returns: status, headers and a complete body.
///
/// The body is copied into libmicrohttpd when the response is queued, and
/// `Content-Length` is computed there, so a `Content-Length` header set here
/// is ignored.
public struct Response: Sendable, Equatable {
    public var status: Int
    public var headers: Headers
    public var body: [UInt8]

    public init(status: Int = 200, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An `application/json` response encoding `value` with sorted keys and ISO 8601 dates.
    ///
    /// - Throws: the `EncodingError` of `JSONEncoder` (a programming error in
    ///   the value's `Encodable` conformance; the server answers it 500).
    public static func json<Value: Encodable>(_ value: Value, status: Int = 200) throws -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: try encode(value))
    }

    /// An `application/problem+json` response carrying `problem` and its status.
    public static func problem(_ problem: Problem) -> Response {
        // Encoding a struct of strings and an Int cannot fail.
        let body = (try? encode(problem)) ?? []
        return Response(status: problem.status, headers: ["Content-Type": "application/problem+json"], body: body)
    }

    private static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(value))
    }
}
