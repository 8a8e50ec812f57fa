import API
import APITestSupport
import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("Public and admin routes answer 429 rate_limited with Retry-After past a key's budget")
struct RateLimitRouteTests {
    @Test func aKeyPastItsBurstGets429AndRecoversAfterTheWaitWhileOtherKeysCarryOn() throws {
        let clock = TestSeconds()
        let limiter = RateLimiter(ratePerSecond: 1, burst: 3, clock: clock.read)
        try LiveAPIServer.with(limiter: limiter) { server in
            for _ in 0..<3 {
                #expect(try server.call("GET", "/v1/services", key: server.publicKey).status == 200)
            }
            let limited = try server.call("GET", "/v1/services", key: server.publicKey)
            #expect(limited.status == 429 && limited.json["code"] as? String == "rate_limited")
            #expect(limited.headers["Content-Type"] == "application/problem+json")
            #expect(limited.headers["Retry-After"] == "1")

            // The admin key has its own bucket, on admin and public routes alike.
            #expect(try server.call("GET", "/v1/admin/bookings", key: server.adminKey).status == 200)
            #expect(try server.call("GET", "/v1/services", key: server.adminKey).status == 200)
            #expect(try server.call("GET", "/v1/admin/locations", key: server.otherAdminKey).status == 200)

            clock.advance(1)
            #expect(try server.call("GET", "/v1/services", key: server.publicKey).status == 200)
            #expect(try server.call("GET", "/v1/services", key: server.publicKey).status == 429)
            #expect(server.failures.isEmpty)
        }
    }

    @Test func adminRoutesShareTheLimit() throws {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 1, clock: TestSeconds().read)
        try LiveAPIServer.with(limiter: limiter) { server in
            #expect(try server.call("GET", "/v1/admin/bookings", key: server.adminKey).status == 200)
            let limited = try server.call("POST", "/v1/admin/locations", json: ["name": "Uptown", "time_zone": "UTC"], key: server.adminKey)
            #expect(limited.status == 429 && limited.headers["Retry-After"] == "1")
            #expect(try server.scalar("SELECT count(*)::int FROM locations WHERE name = 'Uptown'") == 0)
        }
    }
}

extension LiveAPIServer {
    func scalar(_ sql: String) throws -> Int {
        try salon.scalar(Int.self, sql)
    }
}
