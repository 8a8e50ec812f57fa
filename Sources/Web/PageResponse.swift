public import HTTPServer

/// The answers pages give, with the headers every page carries.
public enum PageResponse {
    /// A strict policy: nothing but this origin's stylesheet and script, no
    /// inline script or style, no framing, forms only to this origin.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    /// An HTML page. Pages reached by a token (a manage, offer or waitlist
    /// link) are private: not stored by caches, not indexed, the token never
    /// sent on as a referrer.
    public static func html(_ html: String, status: Int = 200, private isPrivate: Bool) -> Response {
        var response = Response(status: status, body: Array(html.utf8))
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        secure(&response, private: isPrivate)
        return response
    }

    /// 303 See Other: the answer to every successful form POST, so reloading
    /// the page that follows never submits the form again.
    public static func redirect(to location: String, private isPrivate: Bool = true) -> Response {
        var response = Response(status: 303)
        response.headers["Location"] = location
        secure(&response, private: isPrivate)
        return response
    }

    /// A static asset, cacheable for a day.
    public static func asset(_ asset: PageTemplates.Asset) -> Response {
        var response = Response(status: 200, body: asset.body)
        response.headers["Content-Type"] = asset.contentType
        response.headers["Cache-Control"] = "public, max-age=86400"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    }

    static func secure(_ response: inout Response, private isPrivate: Bool) {
        response.headers["Content-Security-Policy"] = contentSecurityPolicy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if isPrivate {
            response.headers["Cache-Control"] = "no-store"
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        } else {
            response.headers["Cache-Control"] = "no-cache"
        }
    }
}
