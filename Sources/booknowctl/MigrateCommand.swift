import Postgres
import Schema

/// `booknowctl migrate [--status]`: applies the embedded migrations, or lists them.
enum MigrateCommand {
    struct Status: Encodable {
        var version: Int
        var name: String
        var compatibility: String
        var applied: Bool
    }

    static let command = Command(
        name: "migrate",
        summary: "apply the schema migrations this release carries (--status: list them)",
        usage: """
            usage: booknowctl migrate [--status]

            Applies every migration not yet applied, each in its own transaction; running
            it again does nothing. Safe while daemons run: migrations are expand-first.
              --status   list the migrations and whether each is applied; change nothing
            """
    ) { args, context in
        let statusOnly = args.flag("--status")
        try args.finish()
        let connection = try context.connect()
        if statusOnly {
            let applied = Set(try Schema.migrator.appliedMigrations(connection).map(\.version))
            let rows = Schema.migrations.map {
                Status(version: $0.version, name: $0.name, compatibility: $0.compatibility.rawValue, applied: applied.contains($0.version))
            }
            try context.output(rows) {
                rows.map { "\($0.applied ? "applied" : "pending") \($0.version) \($0.name) (\($0.compatibility))" }.joined(separator: "\n")
            }
            return
        }
        let done = try Schema.migrator.migrate(connection)
        try context.output(done.map(\.version)) {
            "applied \(done.count) migration(s); schema at version \(Schema.migrator.latestVersion) on \(connection.target)"
        }
    }
}
