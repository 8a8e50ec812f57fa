public import Postgres

/// What `booknowctl db init` does on a cluster before the migrations, over a
/// superuser connection: the daemon's role, its database and the extensions
/// the migrations create. Each step leaves what exists alone, so running it
/// again changes nothing. Names reach SQL only through libpq's quoting.
public enum Provisioning {
    /// Extensions the migrations create (`CREATE EXTENSION IF NOT EXISTS`),
    /// made by the superuser first, so the owner role needs no extra rights.
    /// A test keeps this in step with the migrations.
    public static let extensions = ["btree_gist"]

    static let isSuperuser = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    static let roleNamed = "SELECT 1 FROM pg_roles WHERE rolname = $1"
    static let databaseNamed = "SELECT 1 FROM pg_database WHERE datname = $1"

    /// Whether `connection`'s user may create roles, databases and extensions.
    public static func isSuperuser(on connection: Connection) throws -> Bool {
        try connection.query(isSuperuser)[0].decode(Bool.self, at: 0)
    }

    public static func roleExists(_ role: String, on connection: Connection) throws -> Bool {
        !(try connection.query(roleNamed, [role]).isEmpty)
    }

    /// Creates the login role with `password`, or gives an existing one that password.
    /// Only the SCRAM verifier is sent, never the password itself.
    public static func setRole(_ role: String, password: String, create: Bool, on connection: Connection) throws {
        let name = try connection.quoteIdentifier(role)
        let verifier = try connection.quoteLiteral(try connection.passwordVerifier(password, role: role))
        try connection.run(script: create ? "CREATE ROLE \(name) LOGIN PASSWORD \(verifier)" : "ALTER ROLE \(name) PASSWORD \(verifier)")
    }

    /// Creates `database` owned by `owner` unless it exists: UTF8 from template0,
    /// whatever the cluster's default encoding. Returns whether it created it.
    @discardableResult
    public static func createDatabase(_ database: String, owner: String, on connection: Connection) throws -> Bool {
        guard try connection.query(databaseNamed, [database]).isEmpty else { return false }
        try connection.run(script: """
            CREATE DATABASE \(try connection.quoteIdentifier(database)) OWNER \(try connection.quoteIdentifier(owner)) \
            ENCODING 'UTF8' TEMPLATE template0
            """)
        return true
    }

    /// Creates `extensions` in the database `connection` is on.
    public static func createExtensions(on connection: Connection) throws {
        for name in extensions {
            try connection.run(script: "CREATE EXTENSION IF NOT EXISTS \(try connection.quoteIdentifier(name))")
        }
    }
}
