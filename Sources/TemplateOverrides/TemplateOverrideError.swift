import Postgres
public import Templates

/// The one error type of the TemplateOverrides module.
///
/// `code` is stable: the CLI maps it to an exit code and the admin API will
/// map it to a problem+json `code`. `description` never contains template
/// text (it may quote customer-facing copy under review) beyond what lint
/// problems say, and never a connection string.
public struct TemplateOverrideError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The templates failed lint and were not stored; see `problems`.
        case lintFailed = "template_lint_failed"
        /// The request itself is wrong: a bad locale, a part the channel
        /// does not have, no parts, an empty author, a body too long.
        case invalidRequest = "template_override_invalid"
        /// No such business.
        case businessNotFound = "business_not_found"
        /// No such version of the message (rollback, show of a version).
        case versionNotFound = "template_version_not_found"
        /// The database could not be reached: worth trying again later.
        case unavailable = "template_store_unavailable"
        /// The database refused a statement for another reason.
        case database = "template_store_failed"
    }

    public let code: Code
    public let message: String
    /// Lint findings, for `lintFailed` (errors and warnings, sorted).
    public var problems: [LintProblem]
    /// The SQLSTATE of a database failure, when there was one.
    public var sqlState: String?

    public init(_ code: Code, _ message: String, problems: [LintProblem] = [], sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.problems = problems
        self.sqlState = sqlState
    }

    /// Classifies a failure of the Postgres module.
    init(_ error: PostgresError) {
        if error.isForeignKeyViolation {
            self.init(.businessNotFound, "no such business", sqlState: error.sqlState)
        } else if error.isConnectionFailure {
            self.init(.unavailable, error.description, sqlState: error.sqlState)
        } else {
            self.init(.database, error.description, sqlState: error.sqlState)
        }
    }

    /// Any failure of a database call, as this module's error.
    static func from(_ error: any Error) -> TemplateOverrideError {
        switch error {
        case let error as TemplateOverrideError: error
        case let error as PostgresError: TemplateOverrideError(error)
        default: TemplateOverrideError(.database, String(describing: error))
        }
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}

extension ConnectionPool {
    /// `withTransaction` (or `withConnection` when `transaction` is false)
    /// with every failure turned into a `TemplateOverrideError`.
    func overrides<T>(transaction: Bool, _ body: (Connection) throws -> T) throws(TemplateOverrideError) -> T {
        do {
            return transaction ? try withTransaction(body) : try withConnection(body)
        } catch {
            throw TemplateOverrideError.from(error)
        }
    }
}
