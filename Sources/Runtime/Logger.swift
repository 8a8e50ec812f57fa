/// Writes one `key=value` line per event: `level=info msg="..." key=value`.
///
/// A value type: copies share the sink, and `with(_:)` returns a logger
/// that adds fields (worker, job, business) to every line, so context is
/// passed down rather than kept in globals. When `JOURNAL_STREAM` is set
/// (systemd connected stderr to the journal), each line starts with the
/// syslog priority `<N>`, which journald strips and stores as the priority.
public struct Logger: Sendable {
    /// Events below this level are dropped before formatting.
    public let level: LogLevel
    /// Whether lines carry the `<N>` journald priority prefix.
    public let journald: Bool
    private let sink: any LogSink
    private let fields: [(String, LogValue)]

    /// A logger writing to `sink`.
    public init(level: LogLevel = .info, journald: Bool = false, sink: any LogSink = StandardErrorSink.standardError) {
        self.level = level
        self.journald = journald
        self.sink = sink
        self.fields = []
    }

    /// A logger that adds the journald prefix exactly when `environment` has `JOURNAL_STREAM`.
    public init(level: LogLevel = .info, environment: [String: String], sink: any LogSink = StandardErrorSink.standardError) {
        self.init(level: level, journald: environment["JOURNAL_STREAM"] != nil, sink: sink)
    }

    private init(copying other: Logger, fields: [(String, LogValue)]) {
        level = other.level
        journald = other.journald
        sink = other.sink
        self.fields = fields
    }

    /// A logger that appends `fields` to every line it writes.
    public func with(_ fields: KeyValuePairs<String, LogValue>) -> Logger {
        Logger(copying: self, fields: self.fields + fields.map { ($0.key, $0.value) })
    }

    /// Logs `message` at `level` with `fields` after the logger's own fields.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        guard level >= self.level else { return }
        var line = journald ? "<\(level.journaldPriority)>" : ""
        line += "level=\(level.rawValue) msg=\(LogFormat.quoted(message()))"
        for (key, value) in self.fields + fields.map({ ($0.key, $0.value) }) {
            line += " \(LogFormat.key(key))=\(LogFormat.value(value.description))"
        }
        sink.write(line: line + "\n")
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.debug, message(), fields)
    }

    public func info(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.info, message(), fields)
    }

    public func notice(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.notice, message(), fields)
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.warning, message(), fields)
    }

    public func error(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.error, message(), fields)
    }
}
