import Synchronization

/// Where formatted log lines go.
///
/// Production writes to standard error (`StandardErrorSink`); tests inject
/// a `RecordingLogSink` and read the lines back.
public protocol LogSink: Sendable {
    /// Writes one complete line, newline included; must not interleave with other lines.
    func write(line: String)
}

/// Keeps every line in memory, for tests of code that logs.
public final class RecordingLogSink: LogSink {
    private let storage = Mutex<[String]>([])

    public init() {}

    public func write(line: String) {
        storage.withLock { $0.append(line) }
    }

    /// The lines written so far, each with its trailing newline removed.
    public var lines: [String] {
        storage.withLock { $0.map { String($0.dropLast()) } }
    }
}
