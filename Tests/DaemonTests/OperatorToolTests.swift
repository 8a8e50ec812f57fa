import Foundation
import Testing
import TestSupport

@Suite("booknowctl answers usage errors with 64 and has --help on every command")
struct OperatorToolTests {
    @Test(arguments: [["frobnicate"], ["migrate", "extra"], ["clock", "sideways"], ["--config"]])
    func usageErrorsExit64(arguments: [String]) throws {
        #expect(try booknowctl(arguments).code == 64)
    }

    @Test(arguments: ["migrate", "clock"])
    func everyCommandHasHelp(command: String) throws {
        let result = try booknowctl([command, "--help"])
        #expect(result.code == 0)
        #expect(result.output.contains("usage: booknowctl \(command)"))
    }

    @Test func migrateStatusListsAppliedMigrationsAsJSON() throws {
        try TestDatabase.with { db in
            let result = try booknowctl(["--json", "migrate", "--status"], environment: ["BOOKNOW_DATABASE_URL": db.url])
            #expect(result.code == 0)
            #expect(result.output.contains("\"applied\" : true"))
        }
    }

    @Test func anUnreachableDatabaseExits69() throws {
        let result = try booknowctl(["migrate"], environment: ["BOOKNOW_DATABASE_URL": "postgresql://x@127.0.0.1:\(freePort())/x"])
        #expect(result.code == 69)
    }
}
