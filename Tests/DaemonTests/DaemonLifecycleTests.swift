import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

@Suite("booknowd starts on a migrated database, answers health checks and stops cleanly")
struct DaemonLifecycleTests {
    @Test func answersHealthReadinessAndMetricsThenExitsZeroOnSIGTERM() throws {
        let db = try TestDatabase.create()
        defer { try? db.drop() }
        let fixture = try DaemonFixture(databaseURL: db.url)
        let daemon = try fixture.start()
        #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")

        let client = try TestClient(port: fixture.port)
        let health = try client.request("GET", "/healthz")
        #expect(health.status == 200 && health.json["status"] as? String == "ok")
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 200 && ready.json["status"] as? String == "ready")
        let metrics = try client.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains("# TYPE booknow_db_pool_connections gauge"))
        #expect(metrics.text.contains("booknow_db_pool_connections{pool=\"worker\"}"))
        #expect(metrics.text.contains("\nbooknow_process_threads "))
        // Per-route latency, labelled by the route pattern, never the raw path.
        #expect(metrics.text.contains(#"booknow_http_request_duration_seconds_count{method="GET",route="/readyz"} 1"#), "\(metrics.text)")
        #expect(metrics.text.contains(#"booknow_http_responses_total{method="GET",route="/readyz",status="2xx"} 1"#))

        daemon.signal(SIGTERM)
        let code = daemon.wait(timeout: .seconds(20))
        #expect(code == 0, "exit \(String(describing: code)): \(daemon.output)")
        #expect(daemon.output.contains("msg=\"stopping\""))
    }

    @Test func readinessFailsWith503WhenTheDatabaseGoesAway() throws {
        let db = try TestDatabase.create()
        let fixture = try DaemonFixture(databaseURL: db.url)
        let daemon = try fixture.start()
        #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
        try db.drop()
        let ready = try TestClient(port: fixture.port).request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.headers["Content-Type"] == "application/problem+json")
        #expect(ready.json["code"] as? String == "database_unavailable")
        #expect(try TestClient(port: fixture.port).request("GET", "/healthz").status == 200)
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: .seconds(20)) == 0)
    }

    @Test func tellsSystemdReadyAndStoppingOverItsNotifySocket() throws {
        let db = try TestDatabase.create()
        defer { try? db.drop() }
        let fixture = try DaemonFixture(databaseURL: db.url)
        let socketPath = fixture.folder.appendingPathComponent("notify.sock").path
        let listener = try DatagramListener(path: socketPath)
        let daemon = try fixture.start(environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "400000"])
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while !seen.contains(where: { $0.contains("READY=1") }), ContinuousClock.now < deadline {
            if let message = listener.receive(timeoutMilliseconds: 500) { seen.append(message) }
        }
        #expect(seen.contains { $0.contains("READY=1") }, "got \(seen); log: \(daemon.output)")
        while !seen.contains(where: { $0.contains("WATCHDOG=1") }), ContinuousClock.now < deadline {
            if let message = listener.receive(timeoutMilliseconds: 500) { seen.append(message) }
        }
        #expect(seen.contains { $0.contains("WATCHDOG=1") })
        daemon.signal(SIGTERM)
        while !seen.contains(where: { $0.contains("STOPPING=1") }), ContinuousClock.now < deadline {
            if let message = listener.receive(timeoutMilliseconds: 500) { seen.append(message) }
        }
        #expect(seen.contains { $0.contains("STOPPING=1") })
        #expect(daemon.wait(timeout: .seconds(20)) == 0)
    }
}

/// An AF_UNIX datagram socket standing in for systemd's notify socket.
final class DatagramListener {
    let fd: Int32
    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestClientError("bind \(path)") }
    }

    deinit { close(fd) }

    func receive(timeoutMilliseconds: Int32) -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
