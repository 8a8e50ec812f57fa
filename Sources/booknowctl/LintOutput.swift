import Templates

/// Template lint problems as `templates lint` and a refused `templates set` print
/// them: one `FILE:LINE:COLUMN: severity: message` line each, or with `--json`
/// `{"problems": [...], "errors": N}`.
struct LintOutput: Encodable {
    var problems: [LintProblem]
    var errors: Int

    init(_ problems: [LintProblem]) {
        self.problems = problems
        errors = problems.filter { $0.severity == .error }.count
    }

    /// Prints the problems in the context's output mode.
    static func print(_ problems: [LintProblem], _ context: Context) throws {
        try context.output(LintOutput(problems)) { problems.map(\.description).joined(separator: "\n") }
    }
}
