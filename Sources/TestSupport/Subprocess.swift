import Glibc

/// Runs a program to completion with `posix_spawn` and `waitpid`, inheriting
/// stdio, and returns its exit status.
///
/// Foundation's `Process.waitUntilExit` can hang on Linux when called from a
/// test's task (it waits on a run loop nobody drives); this waits in the kernel.
public func runProgram(_ path: String, _ arguments: [String]) -> Int32 {
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
    guard spawned == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS are macros Swift does not import.
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
