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
