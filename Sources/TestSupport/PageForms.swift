import Foundation
import HTTPServer

/// What the page suites do as a browser does: send a form from the page's
/// own origin, read a `Set-Cookie` value, read a page's hidden field.
public enum PageForms {
    /// One request on a connection of its own; a POST is a form from `origin`
    /// (same-origin) unless `headers` say otherwise.
    public static func request(port: UInt16, _ method: String, _ target: String, origin: String = "http://localhost",
                               cookie: String? = nil, headers: [(String, String)]? = nil,
                               form: [(String, String)] = []) throws -> TestResponse {
        var all = headers ?? (method == "POST" ? [("Origin", origin), ("Sec-Fetch-Site", "same-origin")] : [])
        if let cookie { all.append(("Cookie", cookie)) }
        if method == "POST" { all.append(("Content-Type", "application/x-www-form-urlencoded")) }
        let body = form.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try TestClient(port: port).request(method, target, headers: all, body: Array(body.utf8))
    }

    public static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A cookie's value from the response's `Set-Cookie` headers.
    public static func cookie(_ name: String, in response: TestResponse) throws -> String {
        for header in response.headers.values(for: "Set-Cookie") where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        throw TestClientError("no \(name) cookie in \(response.headers.values(for: "Set-Cookie"))", code: 0)
    }

    /// The value of the first hidden input `name` in a page.
    public static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// A browser signed in to a console: its session's cookie and token, and the
/// CSRF token its pages carry, sending from the console's own origin.
public struct SignedInBrowser: Sendable {
    public let port: UInt16
    public let origin: String
    /// The session id the cookie carries.
    public let token: String
    public let cookie: String
    public let csrf: String

    public init(port: UInt16, origin: String = "http://localhost", token: String, cookie: String, csrf: String) {
        self.port = port
        self.origin = origin
        self.token = token
        self.cookie = cookie
        self.csrf = csrf
    }

    public func get(_ target: String) throws -> TestResponse {
        try PageForms.request(port: port, "GET", target, origin: origin, cookie: cookie)
    }

    /// A form POST carrying `csrf` (the session's unless given) before `form`'s fields.
    public func post(_ target: String, _ form: [(String, String)] = [], csrf: String? = nil,
                     headers: [(String, String)]? = nil) throws -> TestResponse {
        try PageForms.request(port: port, "POST", target, origin: origin, cookie: cookie, headers: headers,
                              form: [("csrf", csrf ?? self.csrf)] + form)
    }
}
