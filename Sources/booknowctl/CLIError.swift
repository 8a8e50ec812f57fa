import Booking
import Accounts
import Application
import Bootstrap
import Postgres
import Queue
import Receipts
import Runtime
import TemplateOverrides

/// A failure the tool reports in one line, with a sysexits(3) code so scripts
/// can tell a typo (64) from a missing database (69) or a bad config (78).
struct CLIError: Error, CustomStringConvertible {
    enum Kind: Int32 {
        case usage = 64
        case dataError = 65
        case noInput = 66
        case unavailable = 69
        case software = 70
        case cantCreate = 73
        case temporary = 75
        case config = 78
    }

    let kind: Kind
    let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }

    /// Maps the errors of the modules below onto exit codes.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as RuntimeError: return CLIError(.config, error.description)
        case let error as TransportSetup.Failure: return CLIError(.config, error.description)
        case let error as StartupFailure: return CLIError(error.exitCode == 69 ? .unavailable : .config, error.message)
        case let error as ReceiptsError: return CLIError(.dataError, error.description)
        case let error as AccountsError where error.code == .invalidArgument: return CLIError(.usage, error.message)
        case let error as AccountsError: return CLIError(.dataError, error.message)
        case let error as BookingError where error.code == .invalid: return CLIError(.usage, error.message)
        case let error as BookingError: return CLIError(.dataError, error.message)
        case let error as PostgresError where error.code == .incompatibleSchema: return CLIError(.config, error.message)
        case let error as PostgresError where error.isConfigurationFailure:
            return CLIError(.config, error.description + "; check database.url and database.password_file")
        case let error as PostgresError where error.isConnectionFailure: return CLIError(.unavailable, error.description)
        case let error as PostgresError where error.isSerializationFailure: return CLIError(.temporary, error.description)
        case let error as QueueError:
            switch error.code {
            case .notFound: return CLIError(.dataError, error.description)
            case .invalidArgument: return CLIError(.usage, error.description)
            case .lifecycle: return CLIError(.software, error.description)
            }
        case let error as TemplateOverrideError:
            switch error.code {
            case .lintFailed, .invalidRequest, .businessNotFound, .versionNotFound: return CLIError(.dataError, error.description)
            case .unavailable: return CLIError(.unavailable, error.description)
            case .database: return CLIError(.software, error.description)
            }
        default: return CLIError(.software, String(describing: error))
        }
    }
}
