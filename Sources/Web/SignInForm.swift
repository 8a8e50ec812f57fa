import Crypto
public import HTTPServer

/// The CSRF token of a sign-in form, which has no session yet to bind it to:
/// it is bound to a random nonce the browser also holds as a short-lived
/// cookie (double submit), and checked with the same-origin test. Both
/// consoles' sign-in forms use it, each with its own cookie and scope.
public struct SignInForm: Sendable {
    let forms: FormGuard
    /// The nonce cookie's name (`__Host-` prefixed when `secure`).
    public let cookie: String
    /// Separates the consoles' tokens: one's is worthless at the other.
    let scope: String
    let secure: Bool

    public init(forms: FormGuard, cookie: String, scope: String, secure: Bool) {
        self.forms = forms
        self.cookie = cookie
        self.scope = scope
        self.secure = secure
    }

    /// The form's token, and the `Set-Cookie` value to send with the page
    /// (the browser's nonce kept when it has one, so two tabs both work).
    public func prepare(_ request: Request) throws -> (csrf: String, setCookie: String) {
        let existing = Cookies.value(cookie, in: request).flatMap { $0.utf8.count == 22 ? $0 : nil }
        let nonce = try existing ?? SecureRandom.token()
        return (forms.token(for: scope + nonce), Cookies.header(cookie, nonce, maxAge: 3600, secure: secure))
    }

    /// Whether a POST of the form came from this site's own page.
    public func isValid(_ request: Request, _ form: FormBody) -> Bool {
        guard forms.isSameOrigin(request), let nonce = Cookies.value(cookie, in: request) else { return false }
        return forms.isValid(form["csrf"], for: scope + nonce)
    }

    /// The `Set-Cookie` value that deletes the nonce, once signed in.
    public var clearCookie: String { Cookies.header(cookie, "", maxAge: 0, secure: secure) }
}
