/// One numbered schema change.
///
/// `compatibility` says whether the release before the one that ships this
/// migration still works on the schema after it (expand), or not (contract).
/// It is recorded in `schema_migrations`, so that an older daemon can judge a
/// newer schema it has never seen.
public struct Migration: Sendable {
    public enum Compatibility: String, Sendable {
        /// Adds only: the previous release keeps working.
        case expand
        /// Removes or changes what the previous release uses.
        case contract
    }

    public var version: Int
    public var name: String
    public var compatibility: Compatibility
    public var sql: String

    public init(version: Int, name: String, compatibility: Compatibility, sql: String) {
        self.version = version
        self.name = name
        self.compatibility = compatibility
        self.sql = sql
    }

    /// Reads a migration from its file: the name is `NNNN_name.sql` and the first
    /// line must be `-- compatibility: expand` or `-- compatibility: contract`.
    public init(fileName: String, contents: String) throws {
        let stem = fileName.hasSuffix(".sql") ? String(fileName.dropLast(4)) : fileName
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let version = Int(parts[0]), version > 0 else {
            throw PostgresError(.migration, "\(fileName): name must be NNNN_name.sql")
        }
        let firstLine = contents.prefix { $0 != "\n" }
        let prefix = "-- compatibility:"
        guard firstLine.hasPrefix(prefix),
              let compatibility = Compatibility(rawValue: firstLine.dropFirst(prefix.count).trimmingCharacters(in: " \t\r"))
        else {
            throw PostgresError(.migration, "\(fileName):1: first line must be '-- compatibility: expand' or '-- compatibility: contract'")
        }
        self.init(version: version, name: String(parts[1]), compatibility: compatibility, sql: contents)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
