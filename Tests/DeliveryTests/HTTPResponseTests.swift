@testable import Curl
import Testing

@Suite("HTTP response headers")
struct HTTPResponseTests {
    @Test("only the final response's headers count, names compare case-insensitively, values are trimmed")
    func finalBlock() {
        let raw = "HTTP/1.1 100 Continue\r\nRetry-After: 99\r\n\r\nHTTP/1.1 429 Too Many Requests\r\n"
            + "Content-Type: application/json\r\nretry-after:  7 \r\n\r\n"
        let response = HTTPResponse(status: 429, rawHeaders: Array(raw.utf8), body: [])
        #expect(response.header("Retry-After") == "7")
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("X-Missing") == nil)
        #expect(response.headers.map(\.name) == ["Content-Type", "retry-after"])
    }
}

@Suite("HTTP request description")
struct HTTPRequestDescriptionTests {
    @Test("a request's description never shows the password, header values or body")
    func redacted() {
        let request = HTTPRequest(url: "https://api.example/x", headers: [("Authorization", "Bearer tok-1")],
                                  body: Array("To=%2B1555".utf8), basicAuth: ("AC1", "s3cret"))
        #expect(!request.description.contains("s3cret"))
        #expect(!request.description.contains("tok-1"))
        #expect(!request.description.contains("To="))
        #expect(request.description == "POST https://api.example/x body=10B auth=basic ***")
    }
}
