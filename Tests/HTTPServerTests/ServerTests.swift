import Foundation
import HTTPServer
import Testing
import TestSupport

/// The server over a real loopback socket.
@Suite struct ServerTests {
    struct Echo: Codable {
        var method: String
        var path: String
        var id: String?
        var query: [String: [String]]
        var trace: String?
        var body: String
    }

    /// Echoes what the handler saw, so the test can check decoding end to end.
    private static func echo(_ request: Request) throws -> Response {
        var query: [String: [String]] = [:]
        for (name, value) in request.query { query[name, default: []].append(value) }
        let echo = Echo(method: request.method.rawValue, path: request.path, id: request.pathParameters["id"],
                        query: query, trace: request.headers["x-trace-id"], body: String(decoding: request.body, as: UTF8.self))
        var response = try Response.json(echo)
        response.headers["X-Served-By"] = "booknow"
        return response
    }

    private static func decode(_ response: TestResponse) throws -> Echo {
        try JSONDecoder().decode(Echo.self, from: Data(response.body))
    }

    @Test func routesPathParametersOverTheSocket() throws {
        try withServer(routes: { $0.post("/v1/bookings/{id}/cancel", Self.echo) }) { _, port in
            let response = try TestClient(port: port).request("POST", "/v1/bookings/b-42/cancel", body: Array("why".utf8))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let echo = try Self.decode(response)
            #expect(echo.id == "b-42")
            #expect(echo.body == "why")
        }
    }

    @Test func decodesPercentEncodedPathSegments() throws {
        try withServer(routes: { $0.get("/v1/customers/{id}", Self.echo) }) { _, port in
            let response = try TestClient(port: port).request("GET", "/v1/customers/ana%20mar%C3%ADa")
            #expect(try Self.decode(response).id == "ana mar\u{ed}a")
        }
    }

    @Test func decodesQueryParameters() throws {
        try withServer(routes: { $0.get("/v1/slots", Self.echo) }) { _, port in
            let response = try TestClient(port: port).request("GET", "/v1/slots?q=hair%20cut&tag=a&tag=b&plus=a+b&flag&amp=%26")
            let echo = try Self.decode(response)
            #expect(echo.path == "/v1/slots")
            #expect(echo.query == ["q": ["hair cut"], "tag": ["a", "b"], "plus": ["a b"], "flag": [""], "amp": ["&"]])
        }
    }

    @Test func readsRequestHeadersCaseInsensitivelyAndSendsResponseHeaders() throws {
        try withServer(routes: { $0.get("/h", Self.echo) }) { _, port in
            let response = try TestClient(port: port).request("GET", "/h", headers: [("X-TRACE-ID", "t-1")])
            #expect(try Self.decode(response).trace == "t-1")
            #expect(response.headers["x-served-by"] == "booknow")
        }
    }

    @Test func answersUnknownPaths404AndOtherMethods405WithAllow() throws {
        try withServer(routes: { $0.get("/v1/bookings/{id}", Self.echo); $0.delete("/v1/bookings/{id}", Self.echo) }) { _, port in
            let client = try TestClient(port: port)
            let missing = try client.request("GET", "/v1/nope")
            #expect(missing.status == 404)
            #expect(missing.headers["Content-Type"] == "application/problem+json")
            #expect(missing.json["code"] as? String == "not_found")
            let wrong = try client.request("POST", "/v1/bookings/1")
            #expect(wrong.status == 405)
            #expect(wrong.headers["Allow"] == "DELETE, GET, HEAD")
            #expect(wrong.json["status"] as? Int == 405)
        }
    }

    @Test func refusesADeclaredOversizedBodyWith413() throws {
        let configuration = ServerConfiguration(threadCount: 1, maxBodySize: 1000)
        try withServer(configuration: configuration, routes: { $0.post("/upload", Self.echo) }) { _, port in
            let response = try TestClient(port: port).request("POST", "/upload", body: [UInt8](repeating: 65, count: 1001))
            #expect(response.status == 413)
            #expect(response.json["code"] as? String == "content_too_large")
            let fits = try TestClient(port: port).request("POST", "/upload", body: [UInt8](repeating: 66, count: 1000))
            #expect(try Self.decode(fits).body.count == 1000)
        }
    }

    @Test func refusesAChunkedBodyThatOutgrowsTheLimitWith413() throws {
        let configuration = ServerConfiguration(threadCount: 1, maxBodySize: 10)
        try withServer(configuration: configuration, routes: { $0.post("/upload", Self.echo) }) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
        }
    }

    @Test func throwingHandlerIsAnswered500WithoutDetailsAndReported() throws {
        struct DatabaseDown: Error, CustomStringConvertible { var description: String { "password=hunter2 host=db" } }
        let log = ErrorLog()
        try withServer(log: log, routes: { $0.get("/fail") { _ in throw DatabaseDown() } }) { _, port in
            let response = try TestClient(port: port).request("GET", "/fail")
            #expect(response.status == 500)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.json["code"] as? String == "internal_error")
            #expect(!response.text.contains("hunter2"))
        }
        #expect(log.all.map(\.error) == ["password=hunter2 host=db"])
        #expect(log.all.map(\.path) == ["/fail"])
    }

    @Test func thrownProblemIsAnsweredAsIsAndNotReported() throws {
        let log = ErrorLog()
        try withServer(log: log, routes: { router in
            router.post("/v1/bookings") { request in
                struct Body: Decodable { let slot: String }
                return .text(try request.decodeJSON(Body.self).slot)
            }
        }) { _, port in
            let response = try TestClient(port: port).request("POST", "/v1/bookings", body: Array("{".utf8))
            #expect(response.status == 400)
            #expect(response.json["code"] as? String == "invalid_json")
        }
        #expect(log.all.isEmpty)
    }

    @Test func refusedResponseHeaderIsAnswered500AndReported() throws {
        let log = ErrorLog()
        try withServer(log: log, routes: { $0.get("/bad") { _ in Response(headers: ["X-Evil": "a\r\nSet-Cookie: x"]) } }) { _, port in
            let response = try TestClient(port: port).request("GET", "/bad")
            #expect(response.status == 500)
        }
        #expect(log.all.first?.error.hasPrefix("invalid_response_header") == true)
    }

    @Test func servesSeveralRequestsOnOneKeepAliveConnection() throws {
        try withServer(routes: { $0.get("/n/{id}", Self.echo) }) { _, port in
            let client = try TestClient(port: port)
            for index in 1...4 {
                let response = try client.request("GET", "/n/\(index)")
                #expect(try Self.decode(response).id == "\(index)")
                #expect(response.headers["Connection"]?.lowercased() != "close")
            }
            let head = try client.request("HEAD", "/n/9")
            #expect(head.status == 200)
            #expect(try Self.decode(client.request("GET", "/n/10")).id == "10")
        }
    }

    @Test func servesConcurrentKeepAliveClients() throws {
        try withServer(routes: { $0.get("/n/{id}", Self.echo) }) { _, port in
            let clients = (0..<6).map { worker in
                inBackground { () -> Int in
                    guard let client = try? TestClient(port: port) else { return 0 }
                    return (0..<25).filter { index in
                        let id = "\(worker)-\(index)"
                        let response = try? client.request("GET", "/n/\(id)")
                        return response.flatMap { try? Self.decode($0).id } == id
                    }.count
                }
            }
            #expect(clients.map { $0() } == Array(repeating: 25, count: 6))
        }
    }

    @Test func listensOnIPv6Loopback() throws {
        try withServer(configuration: ServerConfiguration(host: "::1", threadCount: 1), routes: { $0.get("/v6", Self.echo) }) { _, port in
            let response = try TestClient(host: "::1", port: port).request("GET", "/v6")
            #expect(response.status == 200)
        }
    }

    @Test func startFailuresThrowStableCodes() throws {
        #expect(throws: HTTPServerError.self) {
            try Server(configuration: ServerConfiguration(host: "localhost"), router: Router()).start()
        }
        try withServer(routes: { _ in }) { server, port in
            #expect(throws: HTTPServerError.self) { try server.start() }
            let clash = Server(configuration: ServerConfiguration(port: port, threadCount: 1), router: Router())
            do {
                try clash.start()
                Issue.record("a second server bound port \(port)")
            } catch let error as HTTPServerError {
                #expect(error.code == .startFailed)
            }
        }
    }
}
