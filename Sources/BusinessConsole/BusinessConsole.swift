public import Accounts
public import Booking
public import Foundation
public import HTTPServer
public import Postgres
public import TemplateOverrides
import Vocabulary
import Templates
import Crypto
import Notifications
public import Web

/// The business console, `/console`: the pages a business's own people use,
/// on the public listener beside `/v1` and the customer pages.
///
/// People sign in by a one-time link mailed to them (an invitation, or one
/// they ask for); the session is a row of `sessions` with kind `admin`,
/// under a cookie of its own. Every page and action is scoped to the
/// session's business: an id of another business is "not found", never
/// "forbidden", so ids of other tenants cannot even be probed. Every POST
/// carries a CSRF token bound to the session and is refused cross-site;
/// every change lands in `admin_audit` (actor kind `admin`) in its own
/// transaction. Server-rendered HTML over `Web.PageTemplates` that works
/// without JavaScript: POST → 303 → GET.
public struct BusinessConsole: Sendable {
    let pool: ConnectionPool
    let templates: PageTemplates
    let forms: FormGuard
    let sessions: Sessions
    let links: AdminSignInLinks
    /// Counts link requests per address asked for and per client, and failed link redemptions per client.
    let throttle: SignInThrottle
    let mail: ConsoleMail
    /// The business's message overrides, as `/v1/admin/templates` edits them.
    let editor: TemplateOverrideEditor
    /// Bookings as `/v1/admin/bookings` changes them (the same outbox, so customers are told).
    let bookings: BookingStore
    /// `Secure` and the `__Host-` prefix on cookies: the public base URL is https.
    let secureCookies: Bool
    /// Builds a message about a booking as the sender does (its links from the bookings' manage tokens), for previews.
    let composer: MessageComposer

    public init(pool: ConnectionPool, templates: PageTemplates, linkKey: [UInt8], publicBaseURL: URL, mail: ConsoleMail,
                editor: TemplateOverrideEditor, bookings: BookingStore,
                sessions: Sessions = Sessions(), links: AdminSignInLinks = AdminSignInLinks(),
                throttle: SignInThrottle = SignInThrottle(kind: "admin")) {
        self.pool = pool
        self.templates = templates
        forms = FormGuard(key: linkKey, publicBaseURL: publicBaseURL)
        self.sessions = sessions
        self.links = links
        self.throttle = throttle
        self.mail = mail
        self.editor = editor
        self.bookings = bookings
        secureCookies = publicBaseURL.scheme == "https"
        composer = MessageComposer(fromAddress: mail.fromAddress, domain: mail.messageIDDomain, publicBaseURL: publicBaseURL.absoluteString,
                                   manageTokens: bookings.manageTokens)
    }

    /// The console's pages, texts and script from `root`/console (the templates
    /// folder), its stylesheet the operator console's (`root`/ops/assets): one
    /// look for both consoles, kept in one file.
    public static func templates(root: URL) throws(WebError) -> PageTemplates {
        try PageTemplates(directory: root.appendingPathComponent("console"), sharedAssets: root.appendingPathComponent("ops/assets"))
    }

    public func register(on router: inout Router) {
        router.get("/console/assets/{name}") { request in
            guard let asset = templates.asset(request.parameter("name")) else { return notFound(request) }
            return PageResponse.asset(asset)
        }
        router.get("/console/sign-in") { try showSignIn($0) }
        router.post("/console/sign-in") { try requestLink($0) }
        router.get("/console/sign-in/{token}") { try showLink($0) }
        router.post("/console/sign-in/{token}") { try redeemLink($0) }
        router.post("/console/sign-out") { try signOut($0) }
        router.get("/console") { request in try viewing(request) { try home(request, $0) } }
        router.get("/console/admins") { request in try viewing(request) { try admins(request, $0) } }
        router.post("/console/admins/invite") { request in try acting(request) { try invite(request, $0, $1) } }
        router.post("/console/admins/{id}/disable") { request in try acting(request) { try disableAdmin(request, $0, $1) } }
        router.get("/console/calendar") { request in try viewing(request) { try calendar(request, $0) } }
        router.get("/console/bookings/{id}") { request in try viewing(request) { try booking(request, $0) } }
        router.post("/console/bookings/{id}/cancel") { request in try acting(request) { try cancelBooking(request, $0, $1) } }
        router.get("/console/hours") { request in try viewing(request) { try hours(request, $0) } }
        router.post("/console/hours/rules") { request in try acting(request) { try addRule(request, $0, $1) } }
        router.post("/console/hours/rules/{id}/remove") { request in try acting(request) { try removeRule(request, $0, $1) } }
        router.get("/console/audit") { request in try viewing(request) { try auditTrail(request, $0) } }
        router.get("/console/policies") { request in try viewing(request) { try policies(request, $0) } }
        router.post("/console/policies") { request in try acting(request) { try savePolicies(request, $0, $1) } }
        router.get("/console/messages") { request in try viewing(request) { try messages(request, $0) } }
        let message = "/console/messages/{kind}/{channel}/{locale}"
        router.get(message) { request in try viewing(request) { try self.message(request, $0) } }
        router.get(message + "/diff") { request in try viewing(request) { try diffMessage(request, $0) } }
        router.post(message + "/preview") { request in try acting(request) { try previewMessage(request, $0, $1) } }
        router.post(message + "/test") { request in try acting(request) { try testMessage(request, $0, $1) } }
        router.post(message + "/save") { request in try acting(request) { try saveMessage(request, $0, $1) } }
        router.post(message + "/rollback") { request in try acting(request) { try rollbackMessage(request, $0, $1) } }
        router.post(message + "/reset") { request in try acting(request) { try resetMessage(request, $0, $1) } }
        // editor
        router.post(message + "/preview/live") { request in try acting(request) { try livePreview(request, $0, $1) } }
        // staff
        router.post("/console/hours/time-off") { request in try acting(request) { try addTimeOff(request, $0, $1) } }
        router.post("/console/hours/time-off/{id}/remove") { request in try acting(request) { try removeTimeOff(request, $0, $1) } }
        router.post("/console/hours/services") { request in try acting(request) { try saveOffers(request, $0, $1) } }
        router.get("/console/services") { request in try viewing(request) { try services(request, $0) } }
        router.post("/console/services") { request in try acting(request) { try addService(request, $0, $1) } }
        router.get("/console/services/{id}") { request in try viewing(request) { try service(request, $0) } }
        router.post("/console/services/{id}") { request in try acting(request) { try saveService(request, $0, $1) } }
        router.get("/console/locations") { request in try viewing(request) { try locations(request, $0) } }
        router.post("/console/locations") { request in try acting(request) { try addLocation(request, $0, $1) } }
        router.get("/console/locations/{id}") { request in try viewing(request) { try location(request, $0) } }
        router.post("/console/locations/{id}") { request in try acting(request) { try saveLocation(request, $0, $1) } }
        router.post("/console/locations/{id}/closures") { request in try acting(request) { try addClosure(request, $0, $1) } }
        router.post("/console/closures/{id}/remove") { request in try acting(request) { try removeClosure(request, $0, $1) } }
        // waitlist
        router.get("/console/waitlist") { request in try viewing(request) { try waitlist(request, $0) } }
        // calendar
        router.post("/console/bookings/{id}/move") { request in try acting(request) { try moveBooking(request, $0, $1) } }
        router.get("/console/calendar/new") { request in try viewing(request) { try newBooking(request, $0) } }
        router.post("/console/calendar/new") { request in try acting(request) { try createBooking(request, $0, $1) } }
        // gaps: providers, removals
        router.post("/console/providers") { request in try acting(request) { try addProvider(request, $0, $1) } }
        router.post("/console/providers/{id}") { request in try acting(request) { try renameProvider(request, $0, $1) } }
        router.post("/console/providers/{id}/remove") { request in try acting(request) { try removeProvider(request, $0, $1) } }
        router.post("/console/services/{id}/remove") { request in try acting(request) { try removeService(request, $0, $1) } }
        router.post("/console/locations/{id}/remove") { request in try acting(request) { try removeLocation(request, $0, $1) } }
        router.post("/console/waitlist/{id}/remove") { request in try acting(request) { try removeWaitlistEntry(request, $0, $1) } }
    }

    // MARK: - Sessions

    /// The session cookie's name: `__Host-` over https (Secure, Path=/, no Domain);
    /// never the operator console's, so the two kinds cannot be confused.
    var sessionCookie: String { secureCookies ? "__Host-booknow_console" : "booknow_console" }

    func session(_ request: Request) throws -> Sessions.AdminSession? {
        guard let token = Cookies.value(sessionCookie, in: request) else { return nil }
        return try pool.withConnection { try sessions.findAdmin(token, on: $0) }
    }

    /// A page for a signed-in admin; without a live session, the sign-in page.
    func viewing(_ request: Request, _ body: (Sessions.AdminSession) throws -> Response) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/console/sign-in") }
        return try body(session)
    }

    /// An action: a live session, the same origin and the session's CSRF token.
    /// Anything less changes nothing: sign-in for no session, 403 otherwise.
    func acting(_ request: Request, _ body: (Sessions.AdminSession, FormBody) throws -> Response) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/console/sign-in") }
        let form = FormBody(request.body)
        guard forms.isSameOrigin(request), forms.isValid(form?["csrf"], for: csrfSubject(session)), let form else {
            return forbidden(request, session)
        }
        return try body(session, form)
    }

    func csrfSubject(_ session: Sessions.AdminSession) -> String { "console-session:" + Hex.encode(session.idHash) }

    // MARK: - Rendering

    /// A console page: the navigation, the business and admin, and the CSRF token of its forms.
    func page(_ name: String, _ request: Request, _ session: Sessions.AdminSession?, status: Int = 200, title: String,
              _ context: [String: MustacheValue] = [:]) -> Response {
        var values = context
        let language = self.language(request)
        values["title"] = .string(templates.text(title, language: language, context: context))
        if let session {
            values["account"] = ["email": .string(session.admin.email), "business": .string(session.admin.businessName)]
            values["csrf"] = .string(forms.token(for: csrfSubject(session)))
            values["nav_" + name] = true
        }
        return PageResponse.html(templates.render(name, language: language, context: values), status: status, private: true)
    }

    func language(_ request: Request) -> String {
        PageLanguage.choose(customer: nil, acceptLanguage: request.headers["Accept-Language"], business: nil, available: templates.languages)
    }

    func text(_ key: String, _ request: Request, _ context: [String: MustacheValue] = [:]) -> String {
        templates.text(key, language: language(request), context: context)
    }

    func notFound(_ request: Request, _ session: Sessions.AdminSession? = nil) -> Response {
        page("not_found", request, session, status: 404, title: "not_found_title")
    }

    func forbidden(_ request: Request, _ session: Sessions.AdminSession?) -> Response {
        page("forbidden", request, session, status: 403, title: "forbidden_title")
    }

    /// The session cookie set, and the sign-in form's nonce cookie cleared.
    func setSessionCookie(_ token: String, on response: inout Response) {
        response.headers.add("Set-Cookie", Cookies.header(sessionCookie, token, maxAge: Int(sessions.lifetime.components.seconds),
                                                          secure: secureCookies))
        response.headers.add("Set-Cookie", signInForm.clearCookie)
    }
}
