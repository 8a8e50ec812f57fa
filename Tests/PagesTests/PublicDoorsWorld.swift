import APITestSupport
import Application
import Booking
import Foundation
import HTTPServer
import Notifications
import Pages
import Postgres
import Synchronization
import TestSupport
import Web

/// The booking page as `booknowd` serves it to the internet: the public-write
/// limits on, the real jobs table as the outbox (so a test sees what was
/// queued), a clock the test moves (pages and `booknow_now()` together), and
/// the refusals counted as the metric counts them.
struct PublicDoorsWorld {
    let salon: SalonFixture<QueueOutbox>
    let port: UInt16
    let clock: TestClock
    let refusals: RefusalLog
    let planning: ReminderPlanning

    static func with(limits: PublicLimits, trustedProxies: [String] = [], _ body: (PublicDoorsWorld) throws -> Void) throws {
        let clock = TestClock(Date())
        let refusals = RefusalLog()
        var settings = PagesWorld.settings
        settings["worker.reminder_horizon"] = "336h"
        settings["http.trusted_proxies"] = trustedProxies.joined(separator: ",")
        let overrides = Application.Overrides(
            now: { clock.now }, doors: PublicDoors(limits: limits, onRefusal: refusals.record, now: { clock.now }))
        try TestApplication.withSalon(settings: settings, overrides: overrides) { application, salon, port in
            try salon.setDatabaseNow(clock.now)
            try body(PublicDoorsWorld(salon: salon, port: port, clock: clock, refusals: refusals, planning: application.planning))
        }
    }

    /// Moves the pages' clock and the database's by `seconds`.
    func advance(_ seconds: TimeInterval) throws {
        clock.advance(seconds)
        try salon.setDatabaseNow(clock.now)
    }

    struct Form {
        let token: String
        let cookie: String
        let start: Date
    }

    /// The details form for Ava at `start`, shown now.
    func form(at start: Date) throws -> Form {
        let salon = salon
        let query = "service=\(salon.haircut.uuidString.lowercased())&location=\(salon.location.uuidString.lowercased())"
            + "&provider=\(salon.ava.uuidString.lowercased())&start=\(start.formatted(.iso8601))"
        let page = try TestClient(port: port).request("GET", "/book/demo-salon?\(query)")
        guard page.status == 200, let cookie = page.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init),
              let token = PagesWorld.field("form_token", in: page.text)
        else { throw TestClientError("no details form (status \(page.status))") }
        return Form(token: token, cookie: cookie, start: start)
    }

    /// Posts `form` with these details.
    func submit(_ form: Form, email: String = "ada@example.com", phone: String = "", sms: Bool = false, website: String = "",
                headers: [(String, String)] = []) throws -> TestResponse {
        var fields = [
            ("form_token", form.token), ("service", salon.haircut.uuidString.lowercased()),
            ("location", salon.location.uuidString.lowercased()), ("provider", salon.ava.uuidString.lowercased()),
            ("start", form.start.formatted(.iso8601)), ("name", "Ada Lovelace"), ("email", email), ("phone", phone),
            ("consent_email", "yes"), ("locale", "en"), ("website", website),
        ]
        if sms { fields.append(("consent_sms", "yes")) }
        let body = fields.map { "\(PagesWorld.encode($0.0))=\(PagesWorld.encode($0.1))" }.joined(separator: "&")
        return try TestClient(port: port).request("POST", "/book/demo-salon", headers: [
            ("Origin", "http://localhost"), ("Cookie", form.cookie), ("Content-Type", "application/x-www-form-urlencoded"),
        ] + headers, body: Array(body.utf8))
    }

    /// Shows a form, waits past the fill time, and submits it.
    func book(at start: Date, email: String = "ada@example.com", phone: String = "", sms: Bool = false,
              headers: [(String, String)] = []) throws -> TestResponse {
        let form = try form(at: start)
        try advance(10)
        return try submit(form, email: email, phone: phone, sms: sms, headers: headers)
    }

    func jobs(_ condition: String = "true") throws -> Int {
        try salon.scalar(Int.self, "SELECT count(*)::int FROM jobs WHERE \(condition)")
    }

    /// The manage token a booking redirect names.
    static func manageToken(_ response: TestResponse) -> String? {
        guard let location = response.headers["Location"], location.hasPrefix("/manage/") else { return nil }
        return String(location.dropFirst("/manage/".count).prefix { $0 != "?" })
    }
}

final class TestClock: Sendable {
    private let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    var now: Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

final class RefusalLog: Sendable {
    private let reasons = Mutex<[PublicRefusal.Reason]>([])
    func record(_ reason: PublicRefusal.Reason) { reasons.withLock { $0.append(reason) } }
    var all: [PublicRefusal.Reason] { reasons.withLock { $0 } }
}
