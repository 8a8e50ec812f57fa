import Foundation
import Glibc
import Testing
import TestSupport

/// A `booknowd` subprocess on a test database and a free port, with its
/// configuration file written to a scratch folder.
struct DaemonFixture {
    let folder: URL
    let port: UInt16
    let configURL: URL

    /// `templates`: the templates folder (default: the repository's).
    init(databaseURL: String, extra: String = "", templates: URL? = nil) throws {
        folder = try TestEnvironment.scratchFolder()
        port = freePort()
        configURL = folder.appendingPathComponent("booknowd.conf")
        let linkKey = folder.appendingPathComponent("link-key")
        try TestKeys.linkKey.write(to: linkKey, atomically: true, encoding: .utf8)
        let text = """
            [database]
            url = \(databaseURL)
            [http]
            port = \(port)
            shutdown_timeout = 5s
            \(extra)
            [security]
            link_key_file = \(linkKey.path)
            [templates]
            directory = \(try templates?.path ?? TestEnvironment.repository().appendingPathComponent("templates").path)
            [outbox]
            directory = \(folder.appendingPathComponent("outbox").path)
            """
        try text.write(to: configURL, atomically: true, encoding: .utf8)
    }

    /// The file outbox's folder.
    var outbox: URL { folder.appendingPathComponent("outbox") }

    /// The Subject lines of the emails in the file outbox so far.
    func outboxSubjects() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.compactMap { name in
            (try? String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8))?
                .components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") }
        }
    }

    func start(environment: [String: String] = [:], arguments: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            builtProductsFolder().appendingPathComponent("booknowd").path,
            ["--config", configURL.path] + arguments, environment: environment,
            log: folder.appendingPathComponent("booknowd-\(UUID().uuidString.prefix(6)).log"))
    }

    /// Waits until `/healthz` answers.
    func waitUntilListening(_ daemon: ChildProcess) -> Bool {
        ChildProcess.eventually(timeout: .seconds(30)) {
            (try? TestClient(port: port).request("GET", "/healthz").status) == 200 || daemon.wait(timeout: .zero) != nil
        } && daemon.wait(timeout: .zero) == nil
    }
}

extension DaemonFixture {
    /// Two daemons on `db`, started and listening, stopped after `body` (which gets their ports).
    static func two(on db: TestDatabase, _ body: ([UInt16]) throws -> Void) throws {
        let fixtures = [try DaemonFixture(databaseURL: db.url), try DaemonFixture(databaseURL: db.url)]
        let daemons = try fixtures.map { try $0.start() }
        defer {
            for daemon in daemons { daemon.signal(SIGTERM) }
            for daemon in daemons { _ = daemon.wait(timeout: .seconds(20)) }
        }
        for (fixture, daemon) in zip(fixtures, daemons) {
            try #require(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
        }
        try body(fixtures.map(\.port))
    }
}
