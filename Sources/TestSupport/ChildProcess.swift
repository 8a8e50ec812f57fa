public import Foundation
import Glibc

/// A program the test starts and controls: its output goes to a file the test
/// can read, it can be signalled, and waiting for it has a deadline so a hung
/// child fails the test instead of hanging the run.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `pid` and `logURL` are immutable; `status` is only
    // written by `wait`, which tests call from the one thread that owns the child.
    public let pid: pid_t
    public let logURL: URL
    private var status: Int32?

    /// Starts `path` with `arguments`; `environment` is added to this process's own.
    public init(_ path: String, _ arguments: [String], environment: [String: String] = [:], log: URL) throws {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw TestClientError("posix_spawn \(path)", code: result) }
        self.pid = pid
        self.logURL = log
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
        }
    }

    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits up to `timeout` for the child to exit; returns its exit code
    /// (128 + signal when killed), or nil if it is still running.
    public func wait(timeout: Duration) -> Int32? {
        if let status { return status }
        let deadline = ContinuousClock.now + timeout
        repeat {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                status = code
                return code
            }
            usleep(10_000)
        } while ContinuousClock.now < deadline
        return nil
    }

    /// What the child has written so far.
    public var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Polls `condition` until it holds or `timeout` passes; for "the daemon is up".
    public static func eventually(timeout: Duration, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
public func freePort() -> UInt16 {
    let (fd, port) = bindLoopback()
    close(fd)
    return port
}

/// A TCP socket bound to a free port on 127.0.0.1, and that port; the caller closes it.
public func bindLoopback() -> (descriptor: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return (fd, UInt16(bigEndian: address.sin_port))
}

/// The folder holding the built executables (next to the test bundle).
public func builtProductsFolder() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

/// Runs the built `booknowctl` to completion and returns its exit code and
/// output (stdout and stderr together), as an operator would see them.
public func booknowctl(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, output: String) {
    let log = try TestEnvironment.scratchFolder().appendingPathComponent("booknowctl.log")
    let child = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowctl").path, arguments, environment: environment, log: log)
    guard let code = child.wait(timeout: .seconds(60)) else { return (-1, child.output) }
    return (code, child.output)
}
