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
    /// (an interim `100 Continue` has its own).
    static func parseHeaders(_ lines: [String]) -> [(name: String, value: String)] {
        let start = lines.lastIndex { $0.hasPrefix("HTTP/") } ?? -1
        return lines[(start + 1)...].compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            return (name, value)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
