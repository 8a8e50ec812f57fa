/// One finding of template lint.
public struct LintProblem: Sendable, Hashable, Encodable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Encodable {
        /// The template must not be stored or shipped.
        case error
        /// Allowed, but probably not what the author wants.
        case warning
    }

    public var severity: Severity
    /// The file path, or the template name for sources not on disk.
    public var file: String
    /// 1-based; 1:1 for problems about a whole template or set.
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ severity: Severity, file: String, line: Int = 1, column: Int = 1, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: severity: message`, the shape compilers use, so
    /// editors and CI annotate it.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

extension [LintProblem] {
    /// True when any problem is an error: the CLI exits non-zero and the
    /// API refuses to store the template.
    public var hasErrors: Bool {
        contains { $0.severity == .error }
    }
}
