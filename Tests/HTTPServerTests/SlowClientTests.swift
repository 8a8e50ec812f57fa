import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

/// One address cannot hold every connection, and headers that trickle in are cut off.
@Suite("Slow and greedy clients")
struct SlowClientTests {
    /// Waits (up to the client's receive timeout of 5 s, never sleeping) for the server to
    /// end the connection: true on end of file or reset, false when the socket stayed open.
    static func serverEnds(_ client: TestClient) -> Bool {
        client.endsBeforeTimeout()
    }

    @Test func connectionsFromOneAddressPastTheCapAreClosedWhileOthersAreServed() throws {
        let configuration = ServerConfiguration(threadCount: 2, perClientConnectionLimit: 2)
        try withServer(configuration: configuration, routes: { $0.get("/ping") { _ in Response(status: 200, body: Array("pong".utf8)) } }) { _, port in
            let first = try TestClient(port: port), second = try TestClient(port: port)
            try first.send("GET /ping HTTP/1.1\r\nHost: x\r\n")
            try second.send("GET /ping HTTP/1.1\r\nHost: x\r\n")
            let third = try TestClient(port: port)
            #expect(Self.serverEnds(third), "a third connection from 127.0.0.1 is closed at once")
            // The two within the cap are served.
            try first.send("\r\n")
            try second.send("\r\n")
            #expect(try first.readResponse().status == 200)
            #expect(try second.readResponse().status == 200)
        }
    }

    @Test func headersThatTrickleInPastTheDeadlineLoseTheConnection() throws {
        let configuration = ServerConfiguration(threadCount: 2, idleTimeout: .seconds(30), headerTimeout: .seconds(1))
        try withServer(configuration: configuration, routes: { $0.get("/ping") { _ in Response(status: 200) } }) { _, port in
            let slow = try TestClient(port: port)
            try slow.send("GET /ping HTTP/1.1\r\n")
            // Each line resets libmicrohttpd's idle timeout; only the header deadline ends this.
            #expect(Self.serverEnds(slow))
            #expect(try TestClient(port: port).request("GET", "/ping").status == 200)
            // Keep-alive: a completed request re-arms the deadline for the next one's headers.
            let patient = try TestClient(port: port)
            #expect(try patient.request("GET", "/ping").status == 200)
            #expect(Self.serverEnds(patient))
        }
    }
}
