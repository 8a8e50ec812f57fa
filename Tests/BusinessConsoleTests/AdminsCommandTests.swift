import Booking
import Crypto
import Foundation
import Postgres
import Testing
import TestSupport

/// `booknowctl admins` as an operator runs it: the built binary against a
/// database of its own, the invitation written by the outbox transport.
@Suite("booknowctl admins")
struct AdminsCommandTests {
    @Test func anInvitationIsMailedNeverPrintedAndAudited() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let business = try BusinessStore.create(name: "Corner Salon", timeZone: "Europe/Madrid", on: connection).id.uuidString.lowercased()
            let outbox = try TestEnvironment.scratchFolder()
            let environment = ["BOOKNOW_DATABASE_URL": database.url, "BOOKNOW_CONFIG": "", "USER": "cli-tester",
                               "BOOKNOW_STATE_DIR": try TestEnvironment.scratchFolder().path, "BOOKNOW_OUTBOX_DIRECTORY": outbox.path,
                               "BOOKNOW_TEMPLATES_DIRECTORY": try TestEnvironment.repository().appendingPathComponent("templates").path,
                               "BOOKNOW_HTTP_PUBLIC_BASE_URL": "https://book.example.com"]
            func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (code: Int32, output: String) {
                try booknowctl(arguments, environment: environment.merging(extra) { $1 })
            }
            #expect(try run(["admins", "invite", "--business", business, "--email", "not an address"]).code == 64)
            #expect(try run(["admins", "invite", "--business", UUID().uuidString, "--email", "a@b.example"]).code == 65)
            #expect(try run(["admins", "invite", "--business", business]).code == 64)

            let invited = try run(["admins", "invite", "--business", business, "--email", "Owner@Corner.example"])
            #expect(invited.code == 0, "\(invited.output)")
            #expect(invited.output.contains("owner@corner.example") && !invited.output.contains("/console/sign-in/"))
            let mails = try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { $0.hasSuffix(".eml") }
            // Quoted-printable: soft line breaks joined again, as a mail reader does.
            let mail = try String(contentsOf: outbox.appendingPathComponent(try #require(mails.first)), encoding: .utf8)
                .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
            let range = try #require(mail.range(of: #"https://book\.example\.com/console/sign-in/[A-Za-z0-9_-]{43}"#, options: .regularExpression))
            let token = String(mail[range].split(separator: "/").last ?? "")
            #expect(try connection.query("SELECT count(*)::int AS n FROM admin_sign_in_links WHERE token_hash = $1",
                                         [Data(SHA256.hash(Array(token.utf8)))])[0].decode(Int.self, "n") == 1)

            let down = try run(["admins", "invite", "--business", business, "--email", "second@corner.example"],
                               ["BOOKNOW_EMAIL_TRANSPORT": "smtp", "BOOKNOW_SMTP_URL": "smtp://127.0.0.1:\(freePort())"])
            #expect(down.code == 69 && down.output.contains("ask for a link"), "\(down.output)")
            let list = try run(["admins", "list", "--business", business])
            #expect(list.code == 0 && list.output.contains("owner@corner.example") && list.output.contains("second@corner.example"))
            let audit = try connection.query("""
                SELECT count(*)::int AS n FROM admin_audit WHERE actor_kind = 'cli' AND actor_id = 'cli-tester' AND route = 'booknowctl admins invite'
                """)[0].decode(Int.self, "n")
            #expect(audit == 2)
        }
    }
}
