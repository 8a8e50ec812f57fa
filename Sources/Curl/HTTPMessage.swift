/// One HTTP request for `HTTPClient`. Its credentials never appear in a description.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var url: String
    public var method: String
    /// Header lines' name and value; values must not contain CR or LF (the caller validates).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// HTTP basic authentication (`CURLOPT_USERNAME`, `CURLOPT_PASSWORD`).
    public var basicAuth: (username: String, password: String)?
    public var connectTimeout: Duration
    /// The whole exchange; a slower answer fails with curl's timeout (28).
    public var timeout: Duration

    public init(url: String, method: String = "POST", headers: [(name: String, value: String)] = [],
                body: [UInt8] = [], basicAuth: (username: String, password: String)? = nil,
                connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(15)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

extension HTTPRequest {
    /// Method, URL and body size only: never the credentials, header values or the body.
    public var description: String {
        "\(method) \(url) body=\(body.count)B auth=\(basicAuth == nil ? "none" : "basic ***")"
    }
}

/// A response: status, headers of the final response, body.
///
/// The header block is kept as the raw bytes libcurl delivered and parsed only
/// when asked: the multi thread that collects responses is shared by every
/// request, so it does no parsing; the caller's task does.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: [UInt8]
    private let rawHeaders: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.body = body
        rawHeaders = Array(headers.map { "\($0.name): \($0.value)\r\n" }.joined().utf8)
    }

    init(status: Int, rawHeaders: [UInt8], body: [UInt8]) {
        self.status = status
        self.rawHeaders = rawHeaders
        self.body = body
    }

    /// Every header of the final response (an interim `100 Continue` block is skipped), in order.
    public var headers: [(name: String, value: String)] {
        fields.map { (String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) }
    }

    /// The first value of a header, compared case-insensitively (`Retry-After`).
    public func header(_ name: String) -> String? {
        let wanted = Array(name.utf8.map { $0 | 0x20 })
        guard let field = fields.first(where: { $0.name.count == wanted.count
            && zip($0.name, wanted).allSatisfy { $0 | 0x20 == $1 } }) else { return nil }
        return String(decoding: field.value, as: UTF8.self)
    }

    /// Name and trimmed value of each `Name: value` line after the last status line.
    private var fields: [(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)] {
        let lines = rawHeaders.split(separator: 10).map { $0.last == 13 ? $0.dropLast() : $0 }
        let start = lines.lastIndex { $0.starts(with: "HTTP/".utf8) }.map { $0 + 1 } ?? 0
        return lines[start...].compactMap { line in
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            var value = line[(colon + 1)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
            return (line[..<colon], value)
        }
    }
}
