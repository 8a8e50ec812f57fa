import Postgres

extension BookingError {
    /// Runs a write of admin tables (an insert, an update, a link), reading
    /// the schema's refusals as the domain's errors, for callers that show
    /// people what to do rather than SQLSTATEs (the business console):
    /// a reference to a row the business does not have (23503, a composite
    /// foreign key) is `notFound`, so another business's ids look like none;
    /// a CHECK, a missing value or a value out of range (23514, 23502, 22xxx)
    /// is `invalid`, naming the constraint. Anything else is rethrown as it is.
    ///
    /// Not for deletes: there 23503 means the row is still in use.
    @discardableResult
    public static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            let rule = error.constraint.map { " (\($0))" } ?? ""
            switch error.sqlState {
            case "23503": throw BookingError(.notFound, "a referenced record does not exist in this business\(rule)")
            case "23514", "23502": throw BookingError(.invalid, "the values break a rule of the schema\(rule)")
            case let state? where state.hasPrefix("22"): throw BookingError(.invalid, "a value is out of range for its field")
            default: throw error
            }
        }
    }
}
