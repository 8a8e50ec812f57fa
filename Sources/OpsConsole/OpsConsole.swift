public import Accounts
public import Foundation
public import HTTPServer
public import Postgres
public import Queue
import Runtime
import Templates
import Crypto
public import Web

/// The operator console, `/ops`: queues, jobs, dead letters and replay,
/// suppressions and the audit trail, for signed-in operators. Served on its
/// own listener (`[ops] address`), so a proxy in front of the public one
/// never exposes it.
///
/// Server-rendered HTML over `Web.PageTemplates` that works without
/// JavaScript. Every action is a POST carrying a CSRF token bound to the
/// session and refused cross-site, runs through the same Queue and Receipts
/// calls as `booknowctl`, and lands in `admin_audit` (actor kind `operator`)
/// in the action's own transaction. A `viewer` sees every page and no button,
/// and gets 403 for any POST.
public struct OpsConsole: Sendable {
    let pool: ConnectionPool
    let templates: PageTemplates
    let forms: FormGuard
    let accounts: OperatorAccounts
    let sessions: Sessions
    let throttle: SignInThrottle
    /// The replay checks `booknowctl dead replay` asks too.
    let registry: JobRegistry
    /// The queues daemons run, shown even before they hold a job.
    let knownQueues: [String]
    /// `Secure` and the `__Host-` prefix on cookies (the console is reached over https).
    let secureCookies: Bool
    /// The overview's queue counts (2 s) and last-hour aggregates (30 s), shared by every request.
    let queueCounts: SharedFigures<[QueueOverview.Queue]>
    let hourFigures: SharedFigures<HourFigures>

    public init(pool: ConnectionPool, templates: PageTemplates, linkKey: [UInt8], baseURL: URL, secureCookies: Bool,
                registry: JobRegistry, knownQueues: [String], accounts: OperatorAccounts = OperatorAccounts(),
                sessions: Sessions = Sessions(), throttle: SignInThrottle = SignInThrottle(),
                countsMaxAge: TimeInterval = 2, hourFiguresMaxAge: TimeInterval = 30,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.pool = pool
        self.templates = templates
        forms = FormGuard(key: linkKey, publicBaseURL: baseURL)
        self.accounts = accounts
        self.sessions = sessions
        self.throttle = throttle
        self.registry = registry
        self.knownQueues = knownQueues
        self.secureCookies = secureCookies
        queueCounts = SharedFigures(maxAge: countsMaxAge, now: now)
        hourFigures = SharedFigures(maxAge: hourFiguresMaxAge, now: now)
    }

    public func register(on router: inout Router) {
        router.get("/assets/{name}") { request in
            guard let asset = templates.asset(request.parameter("name")) else { return notFound(request) }
            return PageResponse.asset(asset)
        }
        router.get("/") { _ in PageResponse.redirect(to: "/ops") }
        router.get("/ops/sign-in") { try showSignIn($0) }
        router.post("/ops/sign-in") { try signIn($0) }
        router.post("/ops/sign-out") { try signOut($0, everywhere: false) }
        router.post("/ops/sign-out-everywhere") { try signOut($0, everywhere: true) }
        router.get("/ops") { request in try viewing(request) { try overview(request, $0) } }
        router.get("/ops/overview/live") { request in try viewing(request) { try overviewFragment(request, $0) } }
        router.get("/ops/jobs") { request in try viewing(request) { try jobs(request, $0) } }
        router.get("/ops/jobs/{id}") { request in try viewing(request) { try job(request, $0) } }
        router.get("/ops/dead") { request in try viewing(request) { try deadLetters(request, $0) } }
        router.post("/ops/dead/dry-run") { request in try acting(request) { try dryRun(request, $0, $1) } }
        router.post("/ops/dead/replay") { request in try acting(request) { try replay(request, $0, $1) } }
        router.post("/ops/dead/discard-check") { request in try acting(request) { try confirmDiscard(request, $0, $1) } }
        router.post("/ops/dead/discard") { request in try acting(request) { try discard(request, $0, $1) } }
        router.get("/ops/queues") { request in try viewing(request) { try queues(request, $0) } }
        router.post("/ops/queues/{name}/pause") { request in try acting(request) { try pause(request, $0, $1) } }
        router.post("/ops/queues/{name}/resume") { request in try acting(request) { try resume(request, $0, $1) } }
        router.get("/ops/suppressions") { request in try viewing(request) { try suppressions(request, $0) } }
        router.post("/ops/suppressions/{id}/remove") { request in try acting(request) { try removeSuppression(request, $0, $1) } }
        router.get("/ops/audit") { request in try viewing(request) { try audit(request, $0) } }
    }

    // MARK: - Sessions and roles

    /// The session cookie's name: `__Host-` over https (Secure, Path=/, no Domain).
    var sessionCookie: String { secureCookies ? "__Host-booknow_ops" : "booknow_ops" }

    /// The live session the request's cookie names, or nil.
    func session(_ request: Request) throws -> Sessions.Session? {
        guard let token = Cookies.value(sessionCookie, in: request) else { return nil }
        return try pool.withConnection { try sessions.find(token, on: $0) }
    }

    /// A page for any signed-in account; without a live session, the sign-in page.
    func viewing(_ request: Request, _ body: (Sessions.Session) throws -> Response) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/ops/sign-in") }
        return try body(session)
    }

    /// An action: a live session, the same origin, the session's CSRF token, and the operator role.
    /// Anything less changes nothing: sign-in for no session, 403 otherwise.
    func acting(_ request: Request, _ body: (Sessions.Session, FormBody) throws -> Response) throws -> Response {
        guard let session = try session(request) else { return PageResponse.redirect(to: "/ops/sign-in") }
        let form = FormBody(request.body)
        guard forms.isSameOrigin(request), forms.isValid(form?["csrf"], for: csrfSubject(session)), let form else {
            return forbidden(request, session)
        }
        guard session.account.role.canAct else { return forbidden(request, session) }
        return try body(session, form)
    }

    func csrfSubject(_ session: Sessions.Session) -> String { "ops-session:" + Hex.encode(session.idHash) }

    // MARK: - Rendering

    /// A console page: the layout's navigation, the account, and the CSRF token of its forms.
    func page(_ name: String, _ request: Request, _ session: Sessions.Session?, status: Int = 200, title: String,
              _ context: [String: MustacheValue] = [:]) -> Response {
        var values = context
        let language = self.language(request)
        values["title"] = .string(templates.text(title, language: language, context: context))
        if let session {
            values["account"] = ["name": .string(session.account.name), "role": .string(session.account.role.rawValue)]
            values["can_act"] = .bool(session.account.role.canAct)
            values["csrf"] = .string(forms.token(for: csrfSubject(session)))
            values["nav_" + name] = true
        }
        return PageResponse.html(templates.render(name, language: language, context: values), status: status, private: true)
    }

    func language(_ request: Request) -> String {
        PageLanguage.choose(customer: nil, acceptLanguage: request.headers["Accept-Language"], business: nil, available: templates.languages)
    }

    func notFound(_ request: Request, _ session: Sessions.Session? = nil) -> Response {
        page("not_found", request, session, status: 404, title: "not_found_title")
    }

    func forbidden(_ request: Request, _ session: Sessions.Session?) -> Response {
        page("forbidden", request, session, status: 403, title: "forbidden_title")
    }
}
