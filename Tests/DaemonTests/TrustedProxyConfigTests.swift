import Foundation
import Testing
import TestSupport

/// `[http] trusted_proxies` and the per-client connection cap, as `--check-config`
/// (and every start) sees them: a typo stops the daemon rather than trusting nothing
/// silently, and the cap may be off only behind a trusted proxy.
@Suite("booknowd checks its trusted proxies and its per-client connection cap")
struct TrustedProxyConfigTests {
    func check(_ http: String) throws -> (code: Int32?, output: String) {
        let folder = try TestEnvironment.scratchFolder()
        let key = folder.appendingPathComponent("link-key")
        try "0123456789abcdef0123456789abcdef".write(to: key, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("booknowd.conf")
        try """
            [http]
            port = \(freePort())
            \(http)
            [security]
            link_key_file = \(key.path)
            [templates]
            directory = \(try TestEnvironment.repository().appendingPathComponent("templates").path)
            [worker]
            enabled = false
            """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowd").path, ["--check-config", "--config", config.path],
                                      environment: ["BOOKNOW_CONFIG": "", "BOOKNOW_STATE_DIR": folder.path],
                                      log: folder.appendingPathComponent("check.log"))
        return (daemon.wait(timeout: .seconds(30)), daemon.output)
    }

    @Test func aProxyListOfAddressesAndBlocksPasses() throws {
        let checked = try check("trusted_proxies = 127.0.0.1, 10.0.0.0/8, ::1\nper_client_connection_limit = 0")
        #expect(checked.code == 0, "\(checked.output)")
    }

    @Test func aTypoInTheProxyListStopsTheDaemon() throws {
        let checked = try check("trusted_proxies = 127.0.0.1, proxy.internal")
        #expect(checked.code == 78 && checked.output.contains("http.trusted_proxies"), "\(checked.output)")
    }

    @Test func theConnectionCapIsOffOnlyBehindATrustedProxy() throws {
        let checked = try check("per_client_connection_limit = 0")
        #expect(checked.code == 78 && checked.output.contains("per_client_connection_limit"), "\(checked.output)")
    }
}
