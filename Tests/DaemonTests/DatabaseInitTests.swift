import Foundation
import Postgres
import Schema
import Testing
import TestSupport

/// `booknowctl db init` on the test command's throwaway cluster, as its superuser.
@Suite("booknowctl db init creates the role, its credential, the database and its extensions, then migrates")
struct DatabaseInitTests {
    @Test func itCreatesEveryExtensionTheMigrationsUse() throws {
        let pattern = /CREATE EXTENSION IF NOT EXISTS ([a-z_0-9]+)/
        let used = Set(Schema.migrations.flatMap { $0.sql.matches(of: pattern).map { String($0.output.1) } })
        #expect(!used.isEmpty && used == Set(Provisioning.extensions))
    }

    /// A configuration naming a role and database of this test's own on the test cluster.
    struct Target {
        let role = "r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let database = "d_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let folder: URL
        let config: URL
        let passwordFile: URL
        let admin: String

        init() throws {
            admin = try TestEnvironment.adminDatabaseURL()
            folder = try TestEnvironment.scratchFolder()
            var components = try #require(URLComponents(string: admin))
            components.user = role
            components.path = "/" + database
            config = folder.appendingPathComponent("booknowd.conf")
            try "[database]\nurl = \(try #require(components.string))\n".write(to: config, atomically: true, encoding: .utf8)
            passwordFile = folder.appendingPathComponent("database-password")
        }

        func initialize(_ extra: [String] = []) throws -> (code: Int32, output: String) {
            try booknowctl(["--config", config.path, "db", "init", "--admin-url", admin, "--password-file", passwordFile.path] + extra)
        }

        func drop() throws {
            let connection = try Connection(try ConnectionConfiguration(admin))
            try connection.execute("DROP DATABASE IF EXISTS \(try connection.quoteIdentifier(database)) WITH (FORCE)")
            try connection.execute("DROP ROLE IF EXISTS \(try connection.quoteIdentifier(role))")
        }
    }

    @Test func initCreatesEverythingOnceAndKeepsTheCredential() throws {
        let target = try Target()
        defer { try? target.drop() }
        let first = try target.initialize()
        #expect(first.code == 0, "\(first.output)")

        let attributes = try FileManager.default.attributesOfItem(atPath: target.passwordFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let password = try String(contentsOf: target.passwordFile, encoding: .utf8)
        #expect(password.hasSuffix("\n") && password.count > 40)

        let admin = try Connection(try ConnectionConfiguration(target.admin))
        // Only the verifier reached the server, never the password itself.
        let verifier = try admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [target.role])[0].decode(String.self, at: 0)
        #expect(verifier.hasPrefix("SCRAM-SHA-256$"))
        let owner = try admin.query(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", [target.database])[0].decode(String.self, at: 0)
        #expect(owner == target.role)

        var components = try #require(URLComponents(string: target.admin))
        components.path = "/" + target.database
        let database = try Connection(try ConnectionConfiguration(try #require(components.string)))
        let extensions = Set(try database.query("SELECT extname FROM pg_extension").map { try $0.decode(String.self, at: 0) })
        #expect(extensions.contains("btree_gist"))
        let foreign = try database.query(
            "SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public' AND tableowner <> $1", [target.role])[0].decode(Int.self, at: 0)
        #expect(foreign == 0, "tables not owned by the role")
        let status = try booknowctl(["--config", target.config.path, "migrate", "--status"],
                                    environment: ["BOOKNOW_DATABASE_PASSWORD_FILE": target.passwordFile.path])
        #expect(status.code == 0 && !status.output.contains("pending") && status.output.contains("applied"), "\(status.output)")

        // Again: nothing to do, and the credential is left as it was.
        let again = try target.initialize()
        #expect(again.code == 0, "\(again.output)")
        #expect(try String(contentsOf: target.passwordFile, encoding: .utf8) == password)
        #expect(try admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [target.role])[0].decode(String.self, at: 0) == verifier)
    }

    @Test func aLostCredentialIsNotReplacedSilently() throws {
        let target = try Target()
        defer { try? target.drop() }
        #expect(try target.initialize().code == 0)
        try FileManager.default.removeItem(at: target.passwordFile)

        let refused = try target.initialize()
        #expect(refused.code == 65 && refused.output.contains("--reset-password"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: target.passwordFile.path))

        let reset = try target.initialize(["--reset-password"])
        #expect(reset.code == 0, "\(reset.output)")
        #expect(FileManager.default.fileExists(atPath: target.passwordFile.path))
    }

    /// For `runuser -u postgres … --password-file - > FILE`: the password goes
    /// to stdout only (the summary to stderr); no file is written.
    @Test func aDashPrintsANewPasswordInsteadOfWritingAFile() throws {
        let target = try Target()
        defer { try? target.drop() }
        let log = target.folder.appendingPathComponent("init.log")
        let child = try ChildProcess(builtProductsFolder().appendingPathComponent("booknowctl").path,
                                     ["--config", target.config.path, "db", "init", "--admin-url", target.admin, "--password-file", "-"], log: log)
        #expect(child.wait(timeout: .seconds(60)) == 0, "\(child.output)")
        let lines = child.output.split(separator: "\n").map(String.init)
        let password = try #require(lines.first { $0.count >= 40 && !$0.contains(" ") }, "\(child.output)")
        #expect(lines.contains { $0.hasPrefix("booknowctl: role \(target.role) and database \(target.database) ready") })
        let admin = try Connection(try ConnectionConfiguration(target.admin))
        let verifier = try admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [target.role])[0].decode(String.self, at: 0)
        #expect(verifier.hasPrefix("SCRAM-SHA-256$") && !verifier.contains(password))
        #expect(!FileManager.default.fileExists(atPath: target.folder.appendingPathComponent("-").path))
    }

    @Test func initNeedsASuperuser() throws {
        let target = try Target()
        defer { try? target.drop() }
        let admin = try Connection(try ConnectionConfiguration(target.admin))
        let plain = "p_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try admin.execute("CREATE ROLE \(plain) LOGIN")
        defer { _ = try? admin.execute("DROP ROLE \(plain)") }
        var components = try #require(URLComponents(string: target.admin))
        components.user = plain
        let refused = try booknowctl(["--config", target.config.path, "db", "init", "--admin-url", try #require(components.string),
                                      "--password-file", target.passwordFile.path])
        #expect(refused.code == 78 && refused.output.contains("superuser"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: target.passwordFile.path))
    }
}
