import Foundation
import HTTPServer
import Testing
import Web

/// The same-origin check as real browsers exercise it (found by the browser suite).
@Suite struct FormGuardOriginTests {
    func post(_ headers: [(String, String)]) -> Request {
        var request = Request(method: .post, path: "/manage/t/cancel")
        request.headers.add("Host", "localhost")
        for (name, value) in headers { request.headers.add(name, value) }
        return request
    }

    @Test func aSameOriginPostFromANoReferrerPageIsAccepted() {
        // Chromium's form post from a page sent with Referrer-Policy: no-referrer.
        #expect(FormGuardForTests.guard.isSameOrigin(post([("Origin", "null"), ("Sec-Fetch-Site", "same-origin")])))
    }

    @Test func aNullOriginWithoutTheBrowsersWordIsRefused() {
        #expect(!FormGuardForTests.guard.isSameOrigin(post([("Origin", "null")])))
        #expect(!FormGuardForTests.guard.isSameOrigin(post([("Origin", "null"), ("Sec-Fetch-Site", "cross-site")])))
        #expect(!FormGuardForTests.guard.isSameOrigin(post([("Origin", "https://evil.example"), ("Sec-Fetch-Site", "same-origin")])))
    }
}
