import Foundation
import Postgres
import Schema

// booknowctl: the operator's tool. For now: `migrate`.
let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String, _ code: Int32) -> Never {
    FileHandle.standardError.write(Data("booknowctl: \(message)\n".utf8))
    exit(code)
}

guard arguments.first == "migrate" else {
    fail("usage: booknowctl migrate --database-url URL", 64)
}
guard arguments.count == 3, arguments[1] == "--database-url" else {
    fail("usage: booknowctl migrate --database-url URL", 64)
}
do {
    let connection = try Connection(try ConnectionConfiguration(arguments[2], applicationName: "booknowctl"))
    let applied = try Schema.migrator.migrate(connection)
    print("migrated: \(applied.count) applied, schema at version \(Schema.migrator.latestVersion)")
} catch let error as PostgresError {
    fail(error.description, error.isConnectionFailure ? 69 : 70)
}
