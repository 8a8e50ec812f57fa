public import Booking
public import Foundation
public import HTTPServer
public import Postgres
import Templates
public import Web

/// The pages customers reach from their messages and a business's booking
/// page: manage a booking, accept a waitlist offer, see or leave a waitlist
/// entry, and book. Server-rendered HTML that works without JavaScript: every
/// form POSTs, and a successful POST answers 303 to a page (POST → redirect →
/// GET), so reloading never acts twice.
///
/// Pages act through the Booking module in-process — the same transactions,
/// exclusion constraint, idempotency and outbox as `/v1` — never over HTTP.
/// GET never changes anything: mail scanners open links.
public struct CustomerPages: Sendable {
    let pool: ConnectionPool
    let store: BookingStore
    let waitlist: WaitlistStore
    let offers: WaitlistOffers
    let templates: PageTemplates
    let forms: FormGuard
    let tokens: ManageToken
    /// Scopes the calendar file's UID, as in the emails' invitations.
    let calendarDomain: String
    /// Whether cookies get `Secure`: the public base URL is https (and on any
    /// request a trusted proxy says came over https).
    let secureCookies: Bool
    let now: @Sendable () -> Date
    /// The limits on public writes, the per-address throttle and the refusal counter.
    let doors: PublicDoors
    let gate: PublicGate
    let holds: PublicHolds

    public init(pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken, templates: PageTemplates,
                linkKey: [UInt8], publicBaseURL: URL, calendarDomain: String, doors: PublicDoors = PublicDoors(),
                now: @escaping @Sendable () -> Date, availabilityCache: AvailabilityCache? = nil) {
        self.pool = pool
        store = BookingStore(pool: pool, outbox: outbox, manageTokens: manageTokens, availabilityCache: availabilityCache)
        waitlist = WaitlistStore(pool: pool, tokens: manageTokens)
        offers = WaitlistOffers(outbox: outbox, tokens: manageTokens)
        self.templates = templates
        forms = FormGuard(key: linkKey, publicBaseURL: publicBaseURL)
        tokens = manageTokens
        self.calendarDomain = calendarDomain
        secureCookies = publicBaseURL.scheme == "https"
        self.now = now
        self.doors = doors
        gate = PublicGate(limits: doors.limits, outbox: outbox)
        holds = PublicHolds(outbox: outbox)
    }

    public func register(on router: inout Router) {
        router.get("/assets/{name}") { request in
            guard let asset = templates.asset(request.parameter("name")) else { return notFound(request) }
            return PageResponse.asset(asset)
        }
        router.get("/manage/{token}") { try showBooking($0) }
        router.get("/manage/{token}/calendar.ics") { try calendarFile($0) }
        router.get("/manage/{token}/cancel") { try showCancel($0) }
        router.post("/manage/{token}/cancel") { try cancel($0) }
        router.get("/manage/{token}/reschedule") { try showReschedule($0) }
        router.post("/manage/{token}/reschedule") { try reschedule($0) }
        router.post("/manage/{token}/confirm") { try confirmHold($0) }
        router.get("/offers/{token}") { try showOffer($0) }
        router.post("/offers/{token}/accept") { try acceptOffer($0) }
        router.get("/waitlist/{token}") { try showEntry($0) }
        router.post("/waitlist/{token}/leave") { try leaveWaitlist($0) }
        router.get("/book") { try redirectOldBookingLink($0) }
        router.get("/book/{slug}") { try showBookingPage($0) }
        router.post("/book/{slug}") { try book($0) }
        router.post("/book/{slug}/waitlist") { try joinWaitlist($0) }
    }

    // MARK: - Shared by the pages

    /// A page in the language chosen for this customer and request.
    func page(_ name: String, _ request: Request, language: String, status: Int = 200, private isPrivate: Bool = true,
              title: String, _ context: [String: MustacheValue]) -> Response {
        var values = context
        values["title"] = .string(templates.text(title, language: language, context: context))
        values["noindex"] = .bool(isPrivate)
        // What sections need to know once: whether a list has entries, and each field's message.
        if case .list(let errors)? = context["errors"], !errors.isEmpty {
            values["has_errors"] = true
            var byField: [String: MustacheValue] = [:]
            for case .dictionary(let error) in errors {
                if case .string(let field)? = error["field"] { byField[String(field.dropFirst("field-".count))] = error["message"] }
            }
            values["field_errors"] = .dictionary(MustacheObject(byField))
        }
        if case .list(let alternatives)? = context["alternatives"], !alternatives.isEmpty { values["has_alternatives"] = true }
        return PageResponse.html(templates.render(name, language: language, context: values), status: status, private: isPrivate)
    }

    func language(_ request: Request, customer: String? = nil, business: String? = nil) -> String {
        PageLanguage.choose(customer: customer, acceptLanguage: request.headers["Accept-Language"], business: business,
                            available: templates.languages)
    }

    /// The same page for every unknown, malformed or foreign token or slug,
    /// so a guess learns nothing.
    func notFound(_ request: Request) -> Response {
        page("not_found", request, language: language(request), status: 404, title: "not_found_title", [:])
    }

    /// 403 with a page: a form without its token, with another form's, or sent from another site.
    func forbidden(_ request: Request, language: String) -> Response {
        page("forbidden", request, language: language, status: 403, title: "forbidden_title", [:])
    }

    /// 429 with a page saying why a public write was refused and when to try
    /// again (also as `Retry-After`); counted by reason.
    /// The page saying why a public write was refused and when to try again.
    /// - Parameter back: where its link goes and the text key that names it (default: the booking page).
    func refused(_ request: Request, _ refusal: PublicRefusal, language: String, business: CustomerLinks.Business,
                 back: (path: String, text: String)? = nil) -> Response {
        let back = back ?? ("/book/\(business.slug)", "action_back_to_booking_page")
        doors.onRefusal(refusal.reason)
        let minutes = (refusal.retryAfter + 59) / 60
        let retry: String = switch minutes {
        case ...1: templates.text("retry_minute", language: language)
        case ...120: templates.text("retry_minutes", language: language, context: ["minutes": .number(Double(minutes))])
        default: templates.text("retry_hours", language: language, context: ["hours": .number(Double((minutes + 59) / 60))])
        }
        var response = page("refused", request, language: language, status: 429, title: "limit_title", [
            "business": Self.businessContext(business), "reason": .string(refusal.reason.rawValue),
            "reason_text": .string(templates.text("limit_\(refusal.reason.rawValue)", language: language)),
            "retry_text": .string(retry), "back": .string(back.path), "back_text": .string(templates.text(back.text, language: language)),
        ])
        response.headers["Retry-After"] = String(refusal.retryAfter)
        return response
    }

    /// The refusal page when the client address has spent its hourly budget for
    /// the business (`public.submissions_per_address_per_hour` or the business's
    /// own, shared with the booking and waitlist forms); nil when it may act.
    /// Every action a link's page POSTs goes through it.
    func overBudget(_ request: Request, business: CustomerLinks.Business, language: String,
                    back: (path: String, text: String)) throws -> Response? {
        let limits = try pool.withConnection { try gate.businessLimits(business.id, on: $0) }
        do {
            try doors.throttle.admit(address: request.clientAddress, business: business.id, perHour: limits.submissionsPerHour, now: now())
            return nil
        } catch {
            return refused(request, error, language: language, business: business, back: back)
        }
    }

    /// Whether a POST may act: same origin, and the form's token made for `subject`.
    func isGenuine(_ request: Request, _ form: FormBody?, subject: String) -> Bool {
        forms.isSameOrigin(request) && forms.isValid(form?["csrf"], for: subject)
    }

    /// The business of the booking a manage or offer link names, found on `connection`.
    func business(manageToken token: String, on connection: Connection) throws -> UUID? {
        try CustomerLinks.business(manageToken: token, on: connection)
    }

    static func businessContext(_ business: CustomerLinks.Business) -> MustacheValue {
        .dictionary(["name": .string(business.name), "phone": .optional(business.phone), "slug": .string(business.slug)])
    }
}
