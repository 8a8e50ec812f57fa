import Foundation
import Accounts
import Crypto
import HTTPServer
import Postgres
import Templates
import Web

/// Signing in and out. The sign-in form has no session yet, so its CSRF token
/// is bound to a random value also set as a short-lived cookie (double
/// submit); a successful sign-in always starts a new session with a new id,
/// so an id planted in a browser before sign-in is worth nothing after it.
extension OpsConsole {
    var signInForm: SignInForm {
        SignInForm(forms: forms, cookie: secureCookies ? "__Host-booknow_ops_signin" : "booknow_ops_signin", scope: "ops-sign-in:",
                   secure: secureCookies)
    }

    func showSignIn(_ request: Request, status: Int = 200, error: String? = nil) throws -> Response {
        let prepared = try signInForm.prepare(request)
        var response = page("sign_in", request, nil, status: status, title: "sign_in_title", [
            "csrf": .string(prepared.csrf), "error": error.map { .string($0) } ?? .null,
            "error_text": error.map { .string(templates.text($0, language: language(request))) } ?? .null,
        ])
        response.headers.add("Set-Cookie", prepared.setCookie)
        return response
    }

    func signIn(_ request: Request) throws -> Response {
        guard let form = FormBody(request.body), signInForm.isValid(request, form) else { return forbidden(request, nil) }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"] ?? ""
        let address = request.clientAddress
        // Three steps, so the scrypt run (hundreds of milliseconds) holds no pooled connection.
        let found: OperatorAccounts.Credentials?? = try pool.withConnection { connection in
            if try throttle.isThrottled(name: name, address: address, on: connection) { return .none }
            return .some(try OperatorAccounts.credentials(name, on: connection))
        }
        let outcome: Result<String, SignInRefusal>
        if case .some(let credentials) = found {
            let account = try accounts.check(password, against: credentials)
            outcome = try pool.withConnection { connection in
                guard let account else {
                    try throttle.recordFailure(name: name, address: address, on: connection)
                    return .failure(.wrong)
                }
                // Expired sessions go as new ones come: an index range scan of what has lapsed.
                _ = try Sessions.prune(on: connection)
                return .success(try sessions.start(operator: account.id, on: connection))
            }
        } else {
            outcome = .failure(.throttled)
        }
        switch outcome {
        case .failure(.throttled):
            var response = try showSignIn(request, status: 429, error: "sign_in_throttled")
            response.headers["Retry-After"] = String(throttle.window.components.seconds)
            return response
        case .failure(.wrong):
            return try showSignIn(request, status: 401, error: "sign_in_wrong")
        case .success(let token):
            var response = PageResponse.redirect(to: "/ops")
            response.headers.add("Set-Cookie", Cookies.header(sessionCookie, token, maxAge: Int(sessions.lifetime.components.seconds),
                                                              secure: secureCookies))
            response.headers.add("Set-Cookie", signInForm.clearCookie)
            return response
        }
    }

    enum SignInRefusal: Error { case throttled, wrong }

    /// Signing out needs the session's CSRF token too (a forged sign-out is a nuisance,
    /// and "everywhere" ends every browser's session), but any role may.
    func signOut(_ request: Request, everywhere: Bool) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/ops/sign-in") }
        guard forms.isSameOrigin(request), forms.isValid(FormBody(request.body)?["csrf"], for: csrfSubject(session)) else {
            return forbidden(request, session)
        }
        try pool.withConnection { connection in
            if everywhere {
                try Sessions.endAll(operator: session.account.id, on: connection)
            } else if let token = Cookies.value(sessionCookie, in: request) {
                try Sessions.end(token, on: connection)
            }
        }
        var response = PageResponse.redirect(to: "/ops/sign-in")
        response.headers.add("Set-Cookie", Cookies.header(sessionCookie, "", maxAge: 0, secure: secureCookies))
        return response
    }
}
