import HTTPServer
import Testing

/// Routing decisions, checked without a socket.
@Suite struct RouterTests {
    private func router() -> Router {
        var router = Router()
        router.get("/v1/bookings/{id}") { .text("show \($0.parameter("id"))") }
        router.get("/v1/bookings/export") { _ in .text("export") }
        router.post("/v1/bookings/{id}/cancel") { .text("cancel \($0.parameter("id"))") }
        router.delete("/v1/bookings/{id}") { .text("delete \($0.parameter("id"))") }
        router.put("/v1/businesses/{business}/services/{service}") {
            .text("\($0.parameter("business"))/\($0.parameter("service"))")
        }
        return router
    }

    private func body(_ method: HTTPMethod, _ path: String) throws -> String {
        let response = try router().respond(to: Request(method: method, path: path))
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test func pathParametersAreExtracted() throws {
        #expect(try body(.post, "/v1/bookings/42/cancel") == "cancel 42")
        #expect(try body(.put, "/v1/businesses/b1/services/s9") == "b1/s9")
    }

    @Test func literalSegmentsWinOverParametersWhateverTheOrder() throws {
        #expect(try body(.get, "/v1/bookings/export") == "export")
        #expect(try body(.get, "/v1/bookings/7") == "show 7")
        #expect(try body(.delete, "/v1/bookings/export") == "delete export")
    }

    @Test func unknownPathIsAnswered404ProblemJSON() throws {
        for path in ["/v1/nothing", "/v1/bookings/42/cancel/more", "/v1/bookings//cancel", "/v1/bookings/"] {
            let response = try router().respond(to: Request(method: .get, path: path))
            #expect(response.status == 404, "\(path)")
            #expect(response.headers["content-type"] == "application/problem+json")
        }
    }

    @Test func knownPathWithOtherMethodIsAnswered405WithAllow() throws {
        let response = try router().respond(to: Request(method: .patch, path: "/v1/bookings/42"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD")
        let cancel = try router().respond(to: Request(method: .get, path: "/v1/bookings/42/cancel"))
        #expect(cancel.headers["Allow"] == "POST")
    }

    @Test func headFallsBackToGet() throws {
        #expect(try body(.head, "/v1/bookings/5") == "show 5")
    }

    @Test func registeredRoutesAreListedInOrder() {
        #expect(router().routes.map(\.description) == [
            "GET /v1/bookings/{id}", "GET /v1/bookings/export", "POST /v1/bookings/{id}/cancel",
            "DELETE /v1/bookings/{id}", "PUT /v1/businesses/{business}/services/{service}",
        ])
    }

    @Test func headersAreCaseInsensitiveAndKeepRepeats() {
        var headers: Headers = ["Content-Type": "text/plain", "Vary": "Accept"]
        headers.add("vary", "Origin")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers.values(for: "VARY") == ["Accept", "Origin"])
        headers["vary"] = "Cookie"
        #expect(headers.values(for: "Vary") == ["Cookie"])
        headers.remove("content-type")
        #expect(headers["Content-Type"] == nil)
    }

    @Test func problemResponseCarriesRFC9457Members() throws {
        let response = Response.problem(Problem(status: 409, code: "slot_taken", title: "Conflict", detail: "Taken."))
        #expect(response.status == 409)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"code":"slot_taken","detail":"Taken.","status":409,"title":"Conflict","type":"about:blank"}"#)
    }

    @Test func invalidJSONBodyBecomesA400Problem() {
        struct Booking: Decodable { let service: String }
        let request = Request(method: .post, path: "/", body: Array(#"{"other":1}"#.utf8))
        #expect(throws: Problem.invalidJSON(detail: "Missing field \"service\".")) {
            try request.decodeJSON(Booking.self)
        }
    }
}
