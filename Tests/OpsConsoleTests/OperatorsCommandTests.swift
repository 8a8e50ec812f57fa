import Accounts
import Foundation
import Postgres
import Testing
import TestSupport

/// `booknowctl operators` as an operator runs it: the built binary, the
/// password on stdin (never in the arguments), against a database of its own.
@Suite("booknowctl operators")
struct OperatorsCommandTests {
    /// Runs the built booknowctl with `input` on stdin; returns the exit code and what it printed.
    func booknowctl(_ arguments: [String], input: String = "", database: TestDatabase) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = builtProductsFolder().appendingPathComponent("booknowctl")
        process.arguments = arguments
        let scratch = try TestEnvironment.scratchFolder()
        process.environment = ["BOOKNOW_DATABASE_URL": database.url, "BOOKNOW_CONFIG": "", "BOOKNOW_STATE_DIR": scratch.path,
                               "USER": "cli-tester", "PATH": "/usr/bin:/bin"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func accountsAreAddedListedRepasswordedAndDisabledWithPasswordsFromStdin() throws {
        try TestDatabase.with { database in
            #expect(try booknowctl(["operators", "add", "alice", "--role", "operator"], input: "too short\n", database: database).code == 64)
            #expect(try booknowctl(["operators", "add", "alice", "--role", "boss"], input: "long enough password\n", database: database).code == 64)
            #expect(try booknowctl(["operators", "add", "alice", "--role", "operator"], input: "", database: database).code == 66)
            let added = try booknowctl(["operators", "add", "alice", "--role", "operator"], input: "long enough password\n", database: database)
            #expect(added.code == 0, "\(added.output)")
            #expect(try booknowctl(["operators", "add", "alice", "--role", "viewer"], input: "another long password\n", database: database).code == 65)
            let list = try booknowctl(["operators", "list"], database: database)
            #expect(list.output.contains("alice") && list.output.contains("operator") && list.output.contains("active"))
            #expect(!list.output.contains("long enough password"))

            let connection = try database.connect()
            let account = try #require(try OperatorAccounts().verify(name: "alice", password: "long enough password", on: connection))
            let sessions = Sessions()
            _ = try sessions.start(operator: account.id, on: connection)
            #expect(try booknowctl(["operators", "passwd", "alice"], input: "a new long password\n", database: database).code == 0)
            #expect(try connection.query("SELECT count(*)::int AS n FROM sessions")[0].decode(Int.self, "n") == 0, "a new password signs out everywhere")
            #expect(try OperatorAccounts().verify(name: "alice", password: "long enough password", on: connection) == nil)
            #expect(try OperatorAccounts().verify(name: "alice", password: "a new long password", on: connection) != nil)

            #expect(try booknowctl(["operators", "disable", "alice"], database: database).code == 0)
            #expect(try OperatorAccounts().verify(name: "alice", password: "a new long password", on: connection) == nil)
            #expect(try booknowctl(["operators", "disable", "nobody"], database: database).code == 65)
            let audit = try connection.query("""
                SELECT string_agg(route || ' by ' || actor_id, ', ' ORDER BY id) AS routes FROM admin_audit WHERE actor_kind = 'cli'
                """)[0].decode(String.self, "routes")
            #expect(audit == "booknowctl operators add by cli-tester, booknowctl operators passwd by cli-tester, booknowctl operators disable by cli-tester")
            // The stored hash is scrypt's 32 bytes with its parameters; nothing resembles the password.
            let row = try connection.query("SELECT length(password_hash) AS l, scrypt_n, scrypt_r, scrypt_p FROM operators WHERE name = 'alice'")[0]
            #expect(try row.decode(Int.self, "l") == 32 && row.decode(Int64.self, "scrypt_n") == 1 << 17
                    && row.decode(Int.self, "scrypt_r") == 8 && row.decode(Int.self, "scrypt_p") == 1)
        }
    }
}
