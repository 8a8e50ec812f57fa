public import Foundation
import Glibc

/// A test peer from `Tests/Peers`, run by Debian's `/usr/bin/python3` as a subprocess.
///
/// Each test starts its own peer on a free loopback port (the script binds
/// port 0 and prints the port it got), with its own spool folder, and stops it
/// at the end. A peer that cannot start fails the test: it never skips.
public final class PeerProcess {
    public let port: Int
    public let folder: URL
    private let process: Process

    /// Starts `script` with `arguments` after the port and folder; waits until it prints its port.
    public init(_ script: String, arguments: [String] = []) throws {
        let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Peers")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("booknow-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = Process()
        // Debian's python3 has python3-aiosmtpd; the one first on PATH may not.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [peers.appendingPathComponent(script).path, "0", folder.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(15)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            kill(process.processIdentifier, SIGKILL)
            throw PeerFailure(message: "\(script) did not start (output: \(text))")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the child may inherit a mask that blocks SIGTERM from the test runner's thread.
        kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Files the peer wrote with the given extension, sorted by name (arrival order).
    public func files(withExtension ext: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// How many TCP connections the peer accepted.
    public func connectionCount() throws -> Int {
        let log = folder.appendingPathComponent("connections.log")
        guard FileManager.default.fileExists(atPath: log.path) else { return 0 }
        return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count
    }
}

public struct PeerFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
