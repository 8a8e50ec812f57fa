public import Postgres
public import Runtime

/// The database clock's test offset (`booknow_clock.test_offset`), which
/// `booknow_now()` adds to `now()`. Swift code follows the same offset through
/// `SystemClock`, so SQL and Swift agree on what time it is.
public enum DatabaseClock {
    // Seconds, so the value maps onto a Duration without parsing interval text.
    static let readOffset = "SELECT extract(epoch FROM test_offset)::float8 AS seconds FROM booknow_clock"
    static let writeOffset = "UPDATE booknow_clock SET test_offset = make_interval(secs => $1)"

    public static func offset(_ connection: Connection) throws -> Duration {
        let seconds = try connection.query(readOffset)[0].decode(Double.self, "seconds")
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Sets the offset for every daemon on this database.
    /// - Throws: `RuntimeError` (`clock.offset_refused`) unless the configuration allows test offsets.
    public static func setOffset(_ offset: Duration, connection: Connection, clock: SystemClock) throws {
        try clock.setOffset(offset)
        let seconds = Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18
        try connection.execute(writeOffset, [seconds])
    }

    /// Reads the database's offset into `clock`.
    /// - Throws: `clock.offset_refused` when the database has a non-zero offset and
    ///   this configuration does not allow one: a production daemon must never run
    ///   on shifted time.
    public static func synchronize(_ clock: SystemClock, connection: Connection) throws {
        try clock.setOffset(try offset(connection))
    }
}
