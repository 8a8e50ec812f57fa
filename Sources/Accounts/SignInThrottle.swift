public import Postgres

/// Limits guessing at the sign-in form: failures are recorded in
/// `sign_in_failures` and counted per account name and per client address over
/// a recent window of `booknow_now()`, shared by every daemon. Past either
/// limit, sign-in is refused without checking the password, so a throttled
/// guess learns nothing and costs no scrypt run.
public struct SignInThrottle: Sendable {
    public var perAccount: Int
    public var perAddress: Int
    public var window: Duration
    /// Whose sign-ins: `operator` (names and passwords) or `admin` (addresses asking for links, links redeemed).
    public var kind: String

    public init(perAccount: Int = 5, perAddress: Int = 20, window: Duration = .seconds(15 * 60), kind: String = "operator") {
        self.kind = kind
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    /// Whether `name` or `address` has failed too often lately.
    public func isThrottled(name: String, address: String, on connection: Connection) throws -> Bool {
        let row = try connection.query(Self.countSQL, [String(name.prefix(200)), String(address.prefix(100)), Sessions.seconds(window), kind])[0]
        return try row.decode(Int.self, "by_name") >= perAccount || row.decode(Int.self, "by_address") >= perAddress
    }

    /// Records a failed sign-in, and prunes failures older than the window.
    public func recordFailure(name: String, address: String, on connection: Connection) throws {
        try connection.execute(Self.insertSQL, [String(name.prefix(200)), String(address.prefix(100)), Sessions.seconds(window), kind])
    }

    /// Two index range scans (`sign_in_failures_name_idx`, `_address_idx`), each at most a limit's worth of rows.
    static let countSQL = """
        SELECT (SELECT count(*) FROM sign_in_failures WHERE kind = $4 AND name = $1
                   AND at > booknow_now() - make_interval(secs => $3)) AS by_name,
               (SELECT count(*) FROM sign_in_failures WHERE kind = $4 AND address = $2
                   AND at > booknow_now() - make_interval(secs => $3)) AS by_address
        """
    static let insertSQL = """
        WITH pruned AS (DELETE FROM sign_in_failures WHERE at <= booknow_now() - make_interval(secs => $3))
        INSERT INTO sign_in_failures (kind, name, address) VALUES ($4, $1, $2)
        """
}
