public import Postgres

extension BookingError {
    /// The domain's reading of a statement the schema refused, or nil for a
    /// failure that is not the caller's (the connection, a deadlock, a bug).
    ///
    /// Booking's statements over its tables leave the final word to the
    /// schema's CHECKs, NOT NULLs and composite foreign keys; their refusals
    /// become domain errors here, so no SQLSTATE or constraint name travels
    /// further. A foreign key refused on delete means the row is still in use;
    /// on insert or update, the referenced id is not this business's.
    public init?(refusal error: PostgresError, deleting: Bool) {
        switch error.sqlState {
        case "23503" where deleting:
            self.init(.inUse, "other records still refer to this one; delete or move them first")
        case "23503":
            self.init(.notFound, "a referenced id does not exist in this business")
        case "23505":
            self.init(.alreadyExists, "this record already exists")
        case "23514", "23502", "23P01":
            self.init(.constraintViolated, "the values break a rule of the schema: check how the fields fit together")
        case let state? where state.hasPrefix("22"):
            self.init(.invalidValue, "a value is out of range for its field")
        default:
            return nil
        }
    }

    /// Runs a statement, turning the schema's refusals into domain errors.
    static func translatingRefusals<T>(deleting: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw BookingError(refusal: error, deleting: deleting) ?? error
        }
    }
}
