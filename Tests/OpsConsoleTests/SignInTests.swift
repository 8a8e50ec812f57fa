import Accounts
import Crypto
import Foundation
import HTTPServer
import Postgres
import Testing
import TestSupport

/// Signing in and out of the operator console: sessions stored as hashes,
/// a new id at every sign-in, throttling, and expiry by the database clock.
@Suite("Operator console sign-in")
struct SignInTests {
    @Test func signingInOpensEveryPageWithAFreshSessionStoredOnlyAsAHash() throws {
        try OpsWorld.with { world in
            #expect(try world.request("GET", "/ops").headers["Location"] == "/ops/sign-in")
            let planted = "booknow_ops=" + String(repeating: "A", count: 43)
            let answer = try world.attemptSignIn("olga", extraCookie: planted)
            #expect(answer.status == 303 && answer.headers["Location"] == "/ops")
            let token = try OpsWorld.cookie("booknow_ops", in: answer)
            #expect(token != String(repeating: "A", count: 43), "a session id brought before sign-in is never kept")
            let setCookie = answer.headers.values(for: "Set-Cookie").first { $0.hasPrefix("booknow_ops=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(try world.count("SELECT count(*)::int FROM sessions WHERE id_hash = $1", [Data(SHA256.hash(Array(token.utf8)))]) == 1)
            #expect(try world.count("SELECT count(*)::int FROM sessions WHERE encode(id_hash, 'escape') LIKE '%' || $1 || '%'", [token]) == 0)
            #expect(try world.request("GET", "/ops", cookie: planted).status == 303, "the planted id opens nothing")

            let olga = try world.signIn("olga")
            for path in ["/ops", "/ops/jobs", "/ops/dead", "/ops/queues", "/ops/suppressions", "/ops/audit", "/ops/overview/live"] {
                let page = try olga.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.headers["Cache-Control"] == "no-store", "\(path)")
                let policy = page.headers["Content-Security-Policy"] ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(!page.text.contains(OpsWorld.password) && !page.text.contains(olga.token), "\(path)")
            }
            let spanish = try world.request("GET", "/ops", cookie: olga.cookie, headers: [("Accept-Language", "es")])
            #expect(spanish.text.contains(#"lang="es""#) && spanish.text.contains("Resumen de las colas"))
        }
    }

    @Test func wrongPasswordsAreThrottledPerAccountAndPerAddressUntilTheWindowPasses() throws {
        try OpsWorld.with { world in
            for _ in 0..<OpsWorld.throttle.perAccount {
                #expect(try world.attemptSignIn("olga", password: "wrong password!!").status == 401)
            }
            let throttled = try world.attemptSignIn("olga")
            #expect(throttled.status == 429, "the right password is refused while the account is throttled")
            #expect(throttled.headers["Retry-After"] != nil)
            #expect(try world.count("SELECT count(*)::int FROM sessions") == 0)
            // Per address: failures spread over names still add up for the one client.
            for index in 0..<(OpsWorld.throttle.perAddress - OpsWorld.throttle.perAccount) {
                #expect(try world.attemptSignIn("nobody\(index)", password: "wrong password!!").status == 401)
            }
            #expect(try world.attemptSignIn("vera").status == 429)
            try world.moveClock(by: 16 * 60)
            #expect(try world.attemptSignIn("vera").status == 303)
            #expect(try world.attemptSignIn("olga").status == 303)
        }
    }

    @Test func aSessionExpiresAfterThirtyIdleMinutesAndTwelveHoursInAll() throws {
        try OpsWorld.with { world in
            let olga = try world.signIn("olga")
            try world.moveClock(by: 29 * 60)
            #expect(try olga.get("/ops").status == 200, "a request within 30 minutes keeps it alive")
            try world.moveClock(by: 31 * 60)
            let idle = try olga.get("/ops")
            #expect(idle.status == 303 && idle.headers["Location"] == "/ops/sign-in")
            #expect(try olga.post("/ops/queues/email/pause", [("reason", "late")]).headers["Location"] == "/ops/sign-in")

            let again = try world.signIn("olga")
            for _ in 0..<25 {
                try world.moveClock(by: 29 * 60)
                _ = try again.get("/ops/queues")
            }
            #expect(try again.get("/ops").headers["Location"] == "/ops/sign-in", "12 hours after sign-in, however busy")
            #expect(try world.count("SELECT count(*)::int FROM queues WHERE paused") == 0)
        }
    }

    @Test func signingOutEverywhereEndsEveryBrowsersSession() throws {
        try OpsWorld.with { world in
            let first = try world.signIn("olga"), second = try world.signIn("olga"), other = try world.signIn("vera")
            #expect(try first.post("/ops/sign-out").status == 303)
            #expect(try first.get("/ops").status == 303)
            #expect(try second.get("/ops").status == 200)
            #expect(try second.post("/ops/sign-out-everywhere").status == 303)
            #expect(try second.get("/ops").status == 303)
            #expect(try other.get("/ops").status == 200, "another account's sessions stay")
        }
    }

    @Test func aDisabledAccountIsSignedOutAndCannotSignIn() throws {
        try OpsWorld.with { world in
            let olga = try world.signIn("olga")
            _ = try world.salon.pool.withConnection { try OperatorAccounts.disable("olga", on: $0) }
            #expect(try olga.get("/ops").status == 303)
            #expect(try world.attemptSignIn("olga").status == 401)
        }
    }
}
