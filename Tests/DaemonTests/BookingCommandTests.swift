import Foundation
import Testing
import TestSupport

@Suite("booknowctl demo seed, business and keys against a real database")
struct BookingCommandTests {
    @Test func theDemoSeedPrintsAKeyOnceAndRefusesASecondRun() throws {
        try TestDatabase.with { db in
            let environment = ["BOOKNOW_DATABASE_URL": db.url]
            let first = try booknowctl(["--json", "demo", "seed"], environment: environment)
            #expect(first.code == 0, "\(first.output)")
            let seeded = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
            let key = try #require(seeded["public_key"] as? String ?? seeded["publicKey"] as? String)
            #expect(key.hasPrefix("bk_pub_") && (seeded["locations"] as? [String])?.count == 3)
            let second = try booknowctl(["demo", "seed"], environment: environment)
            #expect(second.code == 65 && second.output.contains("exists already") && !second.output.contains(key))
        }
    }

    @Test func businessesAndKeysAreCreatedListedRevokedAndDisabled() throws {
        try TestDatabase.with { db in
            let environment = ["BOOKNOW_DATABASE_URL": db.url]
            #expect(try booknowctl(["business", "create", "Bad Zone", "--time-zone", "Mars/Olympus"], environment: environment).code == 64)
            let created = try booknowctl(["--json", "business", "create", "Clinic", "--time-zone", "Europe/Berlin"], environment: environment)
            let business = try #require((try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])?["id"] as? String)
            let key = try booknowctl(["--json", "keys", "create", "--business", business, "--scope", "admin"], environment: environment)
            let keyInfo = try #require(try JSONSerialization.jsonObject(with: Data(key.output.utf8)) as? [String: Any])
            let secret = try #require(keyInfo["secret"] as? String)
            let keyID = try #require((keyInfo["key"] as? [String: Any])?["id"] as? String)
            #expect(secret.hasPrefix("bk_adm_"))
            let listed = try booknowctl(["keys", "list", "--business", business], environment: environment)
            #expect(listed.code == 0 && listed.output.contains("admin") && !listed.output.contains(secret))
            let revoked = try booknowctl(["keys", "revoke", "--business", business, "--key", keyID], environment: environment)
            #expect(revoked.code == 0 && revoked.output.contains("revoked"))
            #expect(try booknowctl(["business", "disable", "--business", business], environment: environment).code == 0)
            let businesses = try booknowctl(["business", "list"], environment: environment)
            #expect(businesses.output.contains("disabled  Clinic"))
            let unknown = try booknowctl(["business", "disable", "--business", UUID().uuidString], environment: environment)
            #expect(unknown.code == 65)
        }
    }
}
