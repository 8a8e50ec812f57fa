/// How important a log event is.
///
/// Ordered, so `level >= threshold` filters. Each level maps to the syslog
/// priority journald reads from the `<N>` prefix of a line.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, notice, warning, error

    /// The syslog priority: 7 debug, 6 info, 5 notice, 4 warning, 3 error.
    public var journaldPriority: Int {
        switch self {
        case .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.journaldPriority > rhs.journaldPriority
    }
}
