import Accounts
import Crypto
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Signing in to the business console by an emailed link: links and
/// sessions stored only as hashes, one use, 15 minutes, throttled asks, and
/// expiry by the database clock.
@Suite("Business console sign-in")
struct SignInTests {
    @Test func aMailedLinkSignsInOnceAndOnlyItsHashIsStored() throws {
        try ConsoleWorld.with { world in
            #expect(try world.request("GET", "/console").headers["Location"] == "/console/sign-in")
            let asked = try world.askForLink("  Owner@Salon.example ")
            #expect(asked.status == 303 && asked.headers["Location"] == "/console/sign-in?sent=1")
            let mail = try #require(world.mails.sent.last)
            #expect(mail.to == ConsoleWorld.owner && mail.subject.contains("Demo"))
            let link = try world.lastLink(to: ConsoleWorld.owner)
            let token = String(link.split(separator: "/").last ?? "")
            #expect(try world.count("SELECT count(*)::int FROM admin_sign_in_links WHERE token_hash = $1",
                                    [Data(SHA256.hash(Array(token.utf8)))]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM admin_sign_in_links WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'", [token]) == 0)

            // Opening the link (as a mail scanner would) uses nothing.
            let opened = try world.request("GET", link)
            #expect(opened.status == 200 && opened.headers["Cache-Control"] == "no-store" && opened.headers["Referrer-Policy"] == "no-referrer")
            #expect(try world.request("GET", link).status == 200)
            let answer = try world.useLink(link)
            #expect(answer.status == 303 && answer.headers["Location"] == "/console")
            let session = try ConsoleWorldCookie.value("booknow_console", in: answer.headers.values(for: "Set-Cookie"))
            let setCookie = answer.headers.values(for: "Set-Cookie").first { $0.hasPrefix("booknow_console=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(try world.count("SELECT count(*)::int FROM sessions WHERE kind = 'admin' AND id_hash = $1",
                                    [Data(SHA256.hash(Array(session.utf8)))]) == 1)
            let home = try world.request("GET", "/console", cookie: "booknow_console=\(session)")
            #expect(home.status == 200 && home.text.contains("Demo"))
            #expect(!home.text.contains(session) && !home.text.contains(token))

            // Used: refused, and the page says what to do.
            let reused = try world.useLink(link)
            #expect(reused.status == 410 && reused.text.contains("/console/sign-in"))
            #expect(try world.request("GET", link).status == 410)
        }
    }

    @Test func aLinkExpiresAfterFifteenMinutesByTheDatabaseClock() throws {
        try ConsoleWorld.with { world in
            _ = try world.askForLink(ConsoleWorld.owner)
            let link = try world.lastLink(to: ConsoleWorld.owner)
            try world.moveClock(by: 15 * 60 + 1)
            #expect(try world.useLink(link).status == 410)
            #expect(try world.count("SELECT count(*)::int FROM sessions") == 0)
            _ = try world.askForLink(ConsoleWorld.owner)
            try world.moveClock(by: 14 * 60)
            #expect(try world.useLink(try world.lastLink(to: ConsoleWorld.owner)).status == 303)
        }
    }

    @Test func askingAnswersTheSameForStrangersAndIsThrottled() throws {
        try ConsoleWorld.with { world in
            let stranger = try world.askForLink("nobody@nowhere.example")
            #expect(stranger.status == 303 && stranger.headers["Location"] == "/console/sign-in?sent=1")
            #expect(world.mails.sent.isEmpty)
            let bad = try world.askForLink("not an address")
            #expect(bad.status == 422 && bad.text.contains("name@example.com"))
            for _ in 0..<ConsoleWorld.throttle.perAccount { _ = try world.askForLink(ConsoleWorld.owner) }
            let throttled = try world.askForLink(ConsoleWorld.owner)
            #expect(throttled.status == 429 && throttled.headers["Retry-After"] != nil)
            #expect(world.mails.sent.count == ConsoleWorld.throttle.perAccount)
            try world.moveClock(by: 16 * 60)
            #expect(try world.askForLink(ConsoleWorld.owner).status == 303)
            #expect(world.mails.sent.count == ConsoleWorld.throttle.perAccount + 1)
        }
    }

    @Test func aForgedOrCrossSiteFormChangesNothing() throws {
        try ConsoleWorld.with { world in
            _ = try world.askForLink(ConsoleWorld.owner)
            let link = try world.lastLink(to: ConsoleWorld.owner)
            #expect(try world.request("POST", link, form: [("csrf", "forged")]).status == 403)
            let page = try world.request("GET", link)
            let crossSite = try world.request("POST", link, headers: [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")],
                                              form: [("csrf", ConsoleWorld.field("csrf", in: page.text) ?? "")])
            #expect(crossSite.status == 403)
            #expect(try world.useLink(link).status == 303, "the refused posts did not use the link")

            let owner = try world.signIn()
            #expect(try owner.post("/console/admins/invite", [("email", "x@salon.example")], csrf: "forged").status == 403)
            #expect(try owner.post("/console/sign-out", csrf: "forged").status == 403)
            #expect(try world.count("SELECT count(*)::int FROM business_admins WHERE email = 'x@salon.example'") == 0)
        }
    }

    @Test func aSessionExpiresWhenIdleAndSigningOutEndsIt() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            try world.moveClock(by: 29 * 60)
            #expect(try owner.get("/console").status == 200)
            try world.moveClock(by: 31 * 60)
            #expect(try owner.get("/console").headers["Location"] == "/console/sign-in")

            let again = try world.signIn()
            #expect(try again.post("/console/sign-out").status == 303)
            #expect(try again.get("/console").headers["Location"] == "/console/sign-in")
            #expect(try world.count("SELECT count(*)::int FROM sessions WHERE id_hash = $1", [Data(SHA256.hash(Array(again.token.utf8)))]) == 0)
        }
    }

    @Test func overHTTPSTheCookiesAreHostPrefixedAndSecure() throws {
        try ConsoleWorld.with(secure: true) { world in
            let page = try world.request("GET", "/console/sign-in")
            #expect(page.headers.values(for: "Set-Cookie").contains { $0.hasPrefix("__Host-booknow_console_signin=") && $0.contains("; Secure") })
            _ = try world.askForLink(ConsoleWorld.owner)
            let answer = try world.useLink(try world.lastLink(to: ConsoleWorld.owner))
            let setCookie = answer.headers.values(for: "Set-Cookie").first { $0.hasPrefix("__Host-booknow_console=") } ?? ""
            #expect(setCookie.contains("Path=/") && setCookie.contains("; Secure") && setCookie.contains("HttpOnly")
                    && setCookie.contains("SameSite=Strict") && !setCookie.contains("Domain"))
            let owner = try world.signIn()
            #expect(try owner.get("/console").status == 200)
            #expect(try world.request("GET", "/console", cookie: "booknow_console=\(owner.token)").status == 303,
                    "over https only the __Host- cookie is read")
        }
    }

    @Test func anOperatorSessionCookieOpensNoConsole() throws {
        try ConsoleWorld.with { world in
            let owner = try world.signIn()
            #expect(try world.request("GET", "/console", cookie: "booknow_ops=\(owner.token)").status == 303)
            let spanish = try world.request("GET", "/console", cookie: owner.cookie, headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains(#"lang="es""#) && spanish.text.contains("Cerrar sesión"))
        }
    }
}

enum ConsoleWorldCookie {
    static func value(_ name: String, in headers: [String]) throws -> String {
        for header in headers where header.hasPrefix(name + "=") { return String(header.dropFirst(name.count + 1).prefix { $0 != ";" }) }
        throw CancellationError()
    }
}
