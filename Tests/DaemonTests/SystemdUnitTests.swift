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
}
