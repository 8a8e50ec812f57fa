import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

/// `--version`, `/readyz` and `booknow_build_info` name the same build.
@Suite("Both programs and the daemon's endpoints say which build they are")
struct BuildInfoTests {
    /// A plain `swift build` (the tests') has no commit injected and says so;
    /// `scripts/package-test` checks the injected one in the package.
    static let commit = #"(unknown|[0-9a-f]{40}(-dirty)?)"#

    @Test(arguments: ["booknowd", "booknowctl"])
    func versionPrintsReleaseCommitAndSchema(program: String) throws {
        let folder = try TestEnvironment.scratchFolder()
        let child = try ChildProcess(builtProductsFolder().appendingPathComponent(program).path, ["--version"],
                                     log: folder.appendingPathComponent("\(program)-version.log"))
        #expect(child.wait(timeout: .seconds(30)) == 0)
        let pattern = try Regex("^\(program) [0-9]+\\.[0-9]+\\.[0-9]+\ncommit: \(Self.commit)\nschema: [1-9][0-9]*\n$")
        #expect(child.output.wholeMatch(of: pattern) != nil, "\(child.output)")
    }

    @Test func readinessAndMetricsCarryTheBuild() throws {
        try TestDatabase.with { db in
            let fixture = try DaemonFixture(databaseURL: db.url)
            let daemon = try fixture.start()
            #expect(fixture.waitUntilListening(daemon), "booknowd did not come up: \(daemon.output)")
            let version = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowd").path, ["--version"],
                                           log: fixture.folder.appendingPathComponent("version.log"))
            #expect(version.wait(timeout: .seconds(30)) == 0)
            let lines = version.output.split(separator: "\n").map(String.init)
            let release = String(lines[0].dropFirst("booknowd ".count))
            let commit = String(lines[1].dropFirst("commit: ".count))
            let schema = Int(lines[2].dropFirst("schema: ".count))

            let client = try TestClient(port: fixture.port)
            let ready = try client.request("GET", "/readyz")
            #expect(ready.status == 200)
            #expect(ready.json["version"] as? String == release)
            #expect(ready.json["commit"] as? String == commit)
            #expect(ready.json["schemaVersion"] as? Int == schema)
            let metrics = try client.request("GET", "/metrics").text
            #expect(metrics.contains("# TYPE booknow_build_info gauge"))
            #expect(metrics.contains(#"booknow_build_info{commit="\#(commit)",schema="\#(schema ?? -1)",version="\#(release)"} 1"#), "\(metrics)")
            daemon.signal(SIGTERM)
            _ = daemon.wait(timeout: .seconds(20))
        }
    }
}
