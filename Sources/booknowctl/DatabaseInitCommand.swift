import Crypto
import Foundation
import Postgres
import Runtime
import Schema

/// `booknowctl db init`: the role, its password (a credential file), the
/// database and its extensions, then the migrations, on a fresh cluster.
///
/// Runs over a superuser connection (`--admin-url`), because creating roles,
/// databases and extensions needs one; the daemon's own role stays a plain
/// owner of its database. Running it again changes nothing that exists: an
/// existing password file is kept and reused, never replaced.
enum DatabaseInitCommand {
    static let command = Command(
        name: "db init",
        summary: "create the database role (password in a credential file), the database and its extensions, then migrate",
        usage: """
            usage: booknowctl [--config FILE] db init --password-file FILE [--admin-url URL]
                              [--admin-password-file FILE] [--reset-password]

            Creates the role and database that database.url names, owned by that role, with
            the extensions the migrations need, then applies the migrations as that role.
            Needs a superuser connection. Configured secrets are not read.
              --password-file FILE  where the role's password is kept (created mode 600 with a
                                    new random password unless it exists; an existing file's
                                    password is used). '-' prints a new password on stdout,
                                    for a shell that redirects it to a file the tool cannot write.
              --admin-url URL       superuser connection (default: postgresql:///postgres, the
                                    local socket as the user running the tool, e.g. postgres)
              --admin-password-file FILE  the superuser's password, if it needs one
              --reset-password      give an existing role a new password (else refused when the
                                    role exists and FILE does not)
            """
    ) { args, context in
        guard let passwordPath = try args.option("--password-file") else {
            throw CLIError(.usage, "db init needs --password-file FILE (for example /etc/booknow/credentials/database-password)")
        }
        let adminURL = try args.option("--admin-url") ?? "postgresql:///postgres"
        let adminPasswordPath = try args.option("--admin-password-file")
        let reset = args.flag("--reset-password")
        try args.finish()

        let target = try DatabaseTarget(config: try configWithoutSecrets(context))
        let adminPassword = try adminPasswordPath.map { try readPassword($0) }
        let admin = try Connection(try ConnectionConfiguration(adminURL, password: adminPassword, applicationName: "booknowctl-db-init"))
        guard try Provisioning.isSuperuser(on: admin) else {
            throw CLIError(.config, "db init needs a superuser connection; --admin-url \(admin.target) is not one")
        }

        let roleExists = try Provisioning.roleExists(target.role, on: admin)
        let toStdout = passwordPath == "-"
        let existing = toStdout ? nil : try? readPassword(passwordPath)
        if roleExists && existing == nil && !reset {
            throw CLIError(.dataError, "role \(target.role) exists and \(passwordPath) does not hold its password: pass --reset-password to give it a new one")
        }
        let password = try existing ?? SecureRandom.token(byteCount: 32)
        // Written before the role gets the password, so a failure never leaves a
        // role whose password nobody has.
        if existing == nil && !toStdout { try writeCredential(password, to: passwordPath) }
        if !roleExists || existing == nil || reset {
            try Provisioning.setRole(target.role, password: password, create: !roleExists, on: admin)
        }
        try Provisioning.createDatabase(target.database, owner: target.role, on: admin)

        let database = try Connection(try ConnectionConfiguration(
            try DatabaseTarget.replacingDatabase(in: adminURL, with: target.database), password: adminPassword,
            applicationName: "booknowctl-db-init"))
        try Provisioning.createExtensions(on: database)

        // Migrated as the role, so it owns every table it uses.
        let owner = try Connection(try ConnectionConfiguration(target.url, password: password, applicationName: "booknowctl-db-init"))
        let applied = try Schema.migrator.migrate(owner)
        if toStdout { print(password) }
        let summary = "role \(target.role) and database \(target.database) ready on \(owner.target); applied \(applied.count) migration(s), schema at version \(Schema.migrator.latestVersion)"
        FileHandle.standardError.write(Data("booknowctl: \(summary)\n".utf8))
    }

    /// The configuration with every secret-file key unset: db init needs only
    /// `database.url`, and may run as a user (postgres) who cannot read them.
    static func configWithoutSecrets(_ context: Context) throws -> Config {
        var environment = context.environment
        environment["CREDENTIALS_DIRECTORY"] = nil
        for key in ConfigCatalogue.booknow.keys where key.type == .secretFile { environment[key.environmentName] = "" }
        return try Config.load(file: context.configChoice.path, environment: environment)
    }

    static func readPassword(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError(.noInput, "cannot read \(path)")
        }
        let password = text.trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw CLIError(.dataError, "\(path) is empty") }
        return password
    }

    /// Creates `path` mode 600 (never replacing a file) holding `password`.
    static func writeCredential(_ password: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CLIError(.cantCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data((password + "\n").utf8))
            try handle.synchronize()
        } catch {
            unlink(path)
            throw CLIError(.cantCreate, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// The role and database `database.url` names.
struct DatabaseTarget {
    let url: String
    let role: String
    let database: String

    init(config: Config) throws {
        // Loading the configuration already checked the URL's shape.
        guard let url = try? DatabaseURL(config.string("database.url")), let role = url.role else {
            throw CLIError(.config, "database.url must name the role: postgresql://ROLE@HOST:PORT/DATABASE")
        }
        guard let database = url.database else {
            throw CLIError(.config, "database.url must name the database: postgresql://ROLE@HOST:PORT/DATABASE")
        }
        self.url = url.text
        self.role = role
        self.database = database
    }

    /// The admin URL pointed at another database (path replaced, query kept).
    static func replacingDatabase(in adminURL: String, with database: String) throws -> String {
        guard var components = URLComponents(string: adminURL), components.scheme?.hasPrefix("postgres") == true else {
            throw CLIError(.usage, "--admin-url must be a postgresql:// URL")
        }
        components.path = "/" + database
        guard let url = components.string else { throw CLIError(.usage, "--admin-url: cannot name database \(database)") }
        return url
    }
}
