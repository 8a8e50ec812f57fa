/// A day of the week, numbered as ISO 8601 does: Monday is 1, Sunday is 7.
///
/// ISO numbering matches PostgreSQL's `extract(isodow from …)` and the
/// `availability_rules.weekday` column, so no translation table sits between
/// the database and the engine (Foundation's `Calendar` counts from Sunday = 1
/// and is deliberately not used here).
public enum Weekday: Int, CaseIterable, Comparable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Monday to Friday, the common working week.
    public static let workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
