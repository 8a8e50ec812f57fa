import Foundation
import Testing
import TestSupport

@Suite("The systemd unit is valid")
struct SystemdUnitTests {
    /// `systemd-analyze verify` requires the unit's binaries to exist, so it
    /// checks a copy whose ExecStart points at the built daemon.
    @Test func unitVerifiesWithTheBuiltDaemon() throws {
        let unit = try String(contentsOf: try TestEnvironment.repository().appendingPathComponent("systemd/booknowd.service"), encoding: .utf8)
        #expect(unit.contains("Type=notify") && unit.contains("RestartPreventExitStatus=78") && unit.contains("WatchdogSec="))
        // One info line per message: journald must keep at least 5,000 a second.
        let interval = try #require(Self.setting("LogRateLimitIntervalSec", in: unit).flatMap { Int($0.dropLast()) })
        let burst = try #require(Self.setting("LogRateLimitBurst", in: unit).flatMap { Int($0) })
        #expect(burst / interval >= 5_000, "LogRateLimitBurst=\(burst) per \(interval) s")
        // Where the package installs the daemon (scripts/package-test verifies the installed unit as is).
        #expect(unit.contains("ExecStart=/usr/bin/booknowd --config /etc/booknow/booknowd.conf\n"))
        let copy = unit.replacingOccurrences(of: "ExecStart=/usr/bin/booknowd", with: "ExecStart=" + builtProductsFolder().appendingPathComponent("booknowd").path)
        let folder = try TestEnvironment.scratchFolder()
        let path = folder.appendingPathComponent("booknowd.service")
        try copy.write(to: path, atomically: true, encoding: .utf8)
        let result = try ChildProcess("/usr/bin/systemd-analyze", ["verify", path.path], log: folder.appendingPathComponent("verify.log"))
        #expect(result.wait(timeout: .seconds(60)) == 0, "\(result.output)")
        #expect(result.output.isEmpty, "verify warned: \(result.output)")
    }

    /// The value of `key=` in `unit` (a value in seconds ends in `s`).
    private static func setting(_ key: String, in unit: String) -> String? {
        unit.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
