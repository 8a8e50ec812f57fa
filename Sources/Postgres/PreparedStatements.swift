/// The names of one session's prepared statements, by SQL text.
///
/// Bounded: statements built at run time (a batch of N rows, a list of N
/// ids) could otherwise prepare without end; past `limit` texts, new ones are
/// simply not prepared. Names are never reused, so a statement forgotten after
/// a stale plan cannot collide with its successor (the server keeps the old
/// one until the session ends: one per schema change, a negligible leak).
struct PreparedStatements {
    static let limit = 512

    private var names: [String: String] = [:]
    private var issued = 0

    var count: Int { names.count }

    /// The prepared name for `sql`, preparing it with `prepare` the first time;
    /// nil when `sql` is not a query worth preparing or the limit is reached.
    mutating func name(for sql: String, prepare: (String) throws -> Void) throws -> String? {
        if let name = names[sql] { return name }
        guard names.count < Self.limit, Self.isPlannable(sql) else { return nil }
        issued += 1
        let name = "booknow_\(issued)"
        try prepare(name)
        names[sql] = name
        return name
    }

    mutating func forget(_ sql: String) {
        names[sql] = nil
    }

    /// Whether `sql` starts with a keyword of a planned statement (leading
    /// blanks and case ignored): transaction control, SET, LISTEN and DDL are
    /// not worth a prepared statement.
    static func isPlannable(_ sql: String) -> Bool {
        let word = sql.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" }.prefix { $0.isLetter }.uppercased()
        return ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"].contains(word)
    }
}
