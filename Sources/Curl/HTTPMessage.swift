/// One HTTP request for `HTTPClient`. Its credentials never appear in a description.
public struct HTTPRequest: Sendable {
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

/// A response: status, headers of the final response, body.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared case-insensitively (`Retry-After`).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Parses the header lines libcurl delivered, keeping only the last response's block
    /// (an interim `100 Continue` has its own). Works on UTF-8 bytes: it runs for every response.
    static func parseHeaders(_ lines: [String]) -> [(name: String, value: String)] {
        let start = lines.lastIndex { $0.utf8.starts(with: "HTTP/".utf8) } ?? -1
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(lines.count - start)
        for line in lines[(start + 1)...] {
            let bytes = line.utf8
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { continue }
            var value = bytes[bytes.index(after: colon)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
            headers.append((String(decoding: bytes[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return headers
    }
}
