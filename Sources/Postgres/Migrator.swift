/// Applies numbered migrations in order and judges whether a schema is usable.
///
/// Each migration runs in its own transaction under an advisory lock, so that
/// several daemons or operators migrating at once apply each exactly once.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// - Precondition: versions are unique (a packaging error otherwise).
    public init(_ migrations: [Migration]) {
        let sorted = migrations.sorted { $0.version < $1.version }
        precondition(Set(sorted.map(\.version)).count == sorted.count, "duplicate migration versions")
        self.migrations = sorted
    }

    /// The schema version this release is written for.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    // One key for every BookNow migration lock ("booknow" in ASCII).
    static let lockKey = 0x626f_6f6b_6e6f_77
    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            compatibility text NOT NULL CHECK (compatibility IN ('expand', 'contract')),
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    // Whether the table exists decides between "not migrated" and "migrated".
    static let tableExists = "SELECT to_regclass('schema_migrations') IS NOT NULL AS present"
    static let appliedRows = "SELECT version, name, compatibility FROM schema_migrations ORDER BY version"

    /// Applies every migration not yet recorded; returns the ones it applied.
    /// Running it again is a no-op.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        try connection.withTransaction { conn in
            try conn.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
            try conn.execute(Self.createTable)
        }
        var applied: [Migration] = []
        for migration in migrations {
            let didApply = try connection.withTransaction { conn -> Bool in
                try conn.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
                let done = try conn.query("SELECT 1 FROM schema_migrations WHERE version = $1", [migration.version])
                guard done.isEmpty else { return false }
                do {
                    try conn.run(script: migration.sql)
                } catch let error as PostgresError {
                    var wrapped = error
                    wrapped.message = "migration \(migration.version)_\(migration.name) failed: \(error.message)"
                    throw wrapped
                }
                try conn.execute(
                    "INSERT INTO schema_migrations (version, name, compatibility) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, migration.compatibility.rawValue])
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    /// The migrations recorded in the database, in order.
    public func appliedMigrations(_ connection: Connection) throws -> [(version: Int, name: String, compatibility: Migration.Compatibility)] {
        guard try connection.query(Self.tableExists)[0].decode(Bool.self, "present") else { return [] }
        return try connection.query(Self.appliedRows).map { row in
            let word = try row.decode(String.self, "compatibility")
            return (try row.decode(Int.self, "version"), try row.decode(String.self, "name"), Migration.Compatibility(rawValue: word) ?? .contract)
        }
    }

    /// Throws `incompatibleSchema`, naming both versions, when this release cannot
    /// run on the database's schema: a migration it needs is missing, or a newer
    /// release applied a contract migration. A newer schema made only of expand
    /// migrations is fine: that is how upgrades roll.
    public func checkCompatibility(_ connection: Connection) throws {
        let applied = try appliedMigrations(connection)
        let schemaVersion = applied.last?.version ?? 0
        let appliedVersions = Set(applied.map(\.version))
        if let missing = migrations.first(where: { !appliedVersions.contains($0.version) }) {
            throw PostgresError(.incompatibleSchema,
                "database schema is at version \(schemaVersion) but this release needs version \(latestVersion) (migration \(missing.version)_\(missing.name) is not applied): run 'booknowctl migrate'")
        }
        if let breaking = applied.first(where: { $0.version > latestVersion && $0.compatibility == .contract }) {
            throw PostgresError(.incompatibleSchema,
                "database schema is at version \(schemaVersion), newer than this release's version \(latestVersion), and migration \(breaking.version)_\(breaking.name) is a contract change this release cannot run on: upgrade booknow")
        }
    }
}
