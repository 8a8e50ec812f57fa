import Dispatch
import Foundation
import Glibc
import HTTPServer
import Testing

/// `stop()` finishes requests in flight while refusing new connections.
@Suite struct GracefulStopTests {
    @Test func stopFinishesASlowRequestInFlightAndRefusesNewConnections() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        var router = Router()
        router.get("/slow") { _ in
            entered.signal()
            release.wait()
            return .text(String(repeating: "x", count: 100_000))
        }
        let server = Server(configuration: ServerConfiguration(threadCount: 2), router: router)
        try server.start()
        let port = try #require(server.port)

        let slow = try TestClient(port: port)
        try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)

        let stopped = inBackground { server.stop(timeout: .seconds(5)) }
        #expect(Self.waitUntilRefused(port: port))
        release.signal()

        let response = try slow.readResponse()
        #expect(response.status == 200)
        #expect(response.body.count == 100_000)
        #expect(response.headers["Connection"]?.lowercased() == "close")
        #expect(stopped())
        #expect(server.port == nil)
    }

    @Test func stopGivesUpAfterTheTimeout() throws {
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        var router = Router()
        router.get("/stuck") { _ in
            entered.signal()
            release.wait()
            return .text("late")
        }
        let server = Server(configuration: ServerConfiguration(threadCount: 2), router: router)
        try server.start()
        let client = try TestClient(port: try #require(server.port))
        try client.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)
        // The handler must finish before MHD_stop_daemon can join its thread.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { release.signal() }
        #expect(server.stop(timeout: .milliseconds(50)) == false)
        #expect(server.stop() == true)
    }

    @Test func idleKeepAliveConnectionsDoNotDelayStop() throws {
        var router = Router()
        router.get("/ok") { _ in .text("ok") }
        let server = Server(configuration: ServerConfiguration(threadCount: 1), router: router)
        try server.start()
        let client = try TestClient(port: try #require(server.port))
        #expect(try client.request("GET", "/ok").status == 200)
        let started = ContinuousClock.now
        #expect(server.stop(timeout: .seconds(5)))
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(client.isClosedByPeer())
    }

    /// Polls until a connection attempt is refused (the listener was closed).
    private static func waitUntilRefused(port: UInt16) -> Bool {
        for _ in 0..<500 {
            do {
                _ = try TestClient(port: port)
            } catch let error as TestClientError where error.code == ECONNREFUSED {
                return true
            } catch {
                return false
            }
            usleep(10_000)
        }
        return false
    }
}
