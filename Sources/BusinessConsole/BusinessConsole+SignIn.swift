import Accounts
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// Signing in by link and out. Asking for a link answers the same whether
/// the address runs a business here or not, so the form tells nobody who
/// the admins are; asks are throttled per address asked for and per client.
/// Opening a link shows a button and changes nothing (mail scanners open
/// links); pressing it uses the link and starts a session with a new id.
extension BusinessConsole {
    var signInForm: SignInForm {
        SignInForm(forms: forms, cookie: secureCookies ? "__Host-booknow_console_signin" : "booknow_console_signin",
                   scope: "console-sign-in:", secure: secureCookies)
    }

    func showSignIn(_ request: Request, status: Int = 200, error: String? = nil, email: String = "") throws -> Response {
        let prepared = try signInForm.prepare(request)
        var response = page("sign_in", request, nil, status: status, title: "sign_in_title", [
            "csrf": .string(prepared.csrf), "email": .string(email),
            "sent": .bool(error == nil && request.query["sent"] == "1"),
            "error_text": error.map { .string(text($0, request)) } ?? .null,
        ])
        response.headers.add("Set-Cookie", prepared.setCookie)
        return response
    }

    /// Mails a link to every business the address runs (none: the same answer).
    func requestLink(_ request: Request) throws -> Response {
        guard let form = FormBody(request.body), signInForm.isValid(request, form) else { return forbidden(request, nil) }
        let typed = String((form["email"] ?? "").prefix(254))
        guard let email = BusinessAdmins.normalized(typed) else {
            return try showSignIn(request, status: 422, error: "sign_in_bad_email", email: typed)
        }
        let address = request.clientAddress
        let issued: [(token: String, admin: BusinessAdmins.Admin)]? = try pool.withConnection { connection in
            if try throttle.isThrottled(name: email, address: address, on: connection) { return nil }
            try throttle.recordFailure(name: email, address: address, on: connection)
            return try BusinessAdmins.enabled(email: email, on: connection).map { (try links.issue(admin: $0.id, on: connection), $0) }
        }
        guard let issued else { return try throttled(request) }
        // No pooled connection is held while the mail server answers.
        for (token, admin) in issued { _ = mail.send(token: token, to: admin, invitation: false) }
        return PageResponse.redirect(to: "/console/sign-in?sent=1")
    }

    func showLink(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard try pool.withConnection({ try AdminSignInLinks.isRedeemable(token, on: $0) }) else { return linkRefused(request) }
        return page("link", request, nil, title: "link_title", ["csrf": .string(forms.token(for: "console-link:" + token)),
                                                               "action": .string("/console/sign-in/" + token)])
    }

    func redeemLink(_ request: Request) throws -> Response {
        let token = request.parameter("token")
        guard forms.isSameOrigin(request), forms.isValid(FormBody(request.body)?["csrf"], for: "console-link:" + token) else {
            return forbidden(request, nil)
        }
        let address = request.clientAddress
        let outcome: String?? = try pool.withConnection { connection in
            if try throttle.isThrottled(name: "(link)", address: address, on: connection) { return .none }
            return try connection.withTransaction { connection in
                guard let admin = try AdminSignInLinks.redeem(token, on: connection) else {
                    try throttle.recordFailure(name: "(link)", address: address, on: connection)
                    return .some(nil)
                }
                // Expired sessions go as new ones come: an index range scan of what has lapsed.
                _ = try Sessions.prune(on: connection)
                return .some(try sessions.start(admin: admin.id, on: connection))
            }
        }
        switch outcome {
        case .none: return try throttled(request)
        case .some(.none): return linkRefused(request)
        case .some(.some(let session)):
            var response = PageResponse.redirect(to: "/console")
            setSessionCookie(session, on: &response)
            return response
        }
    }

    func linkRefused(_ request: Request) -> Response {
        page("link_refused", request, nil, status: 410, title: "link_refused_title")
    }

    func throttled(_ request: Request) throws -> Response {
        var response = try showSignIn(request, status: 429, error: "sign_in_throttled")
        response.headers["Retry-After"] = String(throttle.window.components.seconds)
        return response
    }

    func signOut(_ request: Request) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/console/sign-in") }
        guard forms.isSameOrigin(request), forms.isValid(FormBody(request.body)?["csrf"], for: csrfSubject(session)) else {
            return forbidden(request, session)
        }
        if let token = Cookies.value(sessionCookie, in: request) {
            try pool.withConnection { try Sessions.end(token, on: $0) }
        }
        var response = PageResponse.redirect(to: "/console/sign-in")
        response.headers.add("Set-Cookie", Cookies.header(sessionCookie, "", maxAge: 0, secure: secureCookies))
        return response
    }
}
