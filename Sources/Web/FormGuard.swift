import Crypto
public import Foundation
public import HTTPServer

/// Protects the pages' forms against cross-site request forgery.
///
/// Two checks, both needed for a POST to act:
/// - the form's token: HMAC-SHA256 of what the form acts on (a link's token,
///   or a booking page's signed form token), under the deployment's link key,
///   so a token made for one booking is worthless for another; compared in
///   constant time;
/// - the request's provenance: a browser's `Sec-Fetch-Site` must say
///   `same-origin` (or `none`, typed by the person), and an `Origin`, when
///   sent, must be the page's own.
public struct FormGuard: Sendable {
    private let key: [UInt8]
    /// Origins the pages are served under (`http://127.0.0.1:8080`, the public base URL's).
    private let origins: Set<String>

    public init(key: [UInt8], publicBaseURL: URL) {
        self.key = key
        var origins: Set<String> = []
        if let scheme = publicBaseURL.scheme, let host = publicBaseURL.host {
            origins.insert("\(scheme)://\(host)" + (publicBaseURL.port.map { ":\($0)" } ?? ""))
        }
        self.origins = origins
    }

    /// The CSRF token of forms acting on `subject` (a link token, a form token).
    public func token(for subject: String) -> String {
        Base64URL.encode(HMAC.sha256(key: key, message: Array("booknow-form-v1:\(subject)".utf8)))
    }

    /// True when `candidate` is the token of `subject`, compared in constant time.
    public func isValid(_ candidate: String?, for subject: String) -> Bool {
        guard let candidate else { return false }
        return ConstantTime.equals(Array(candidate.utf8), Array(token(for: subject).utf8))
    }

    /// False for a request a browser marks as cross-site, or whose `Origin`
    /// is neither the public base URL's nor the `Host` it was sent to.
    ///
    /// `Origin: null` passes only beside `Sec-Fetch-Site: same-origin`: every
    /// page is sent with `Referrer-Policy: no-referrer`, and under that policy
    /// Chromium sends a form post's origin as `null` (the browser suite's
    /// first real form post was refused). `Sec-Fetch-Site` is set by the
    /// browser, never by a page; a sandboxed or cross-site `null` says
    /// `cross-site` and stays refused.
    public func isSameOrigin(_ request: Request) -> Bool {
        let site = request.headers["Sec-Fetch-Site"]
        if let site, site != "same-origin", site != "none" { return false }
        guard let origin = request.headers["Origin"] else { return true }
        if origin == "null" { return site == "same-origin" }
        if origins.contains(origin) { return true }
        guard let host = request.headers["Host"] else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}
