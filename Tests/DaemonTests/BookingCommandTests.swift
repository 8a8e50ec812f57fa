import Foundation
import Postgres
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

    @Test func aBusinessGetsItsBookingPageAddressAndPhoneWithAnAuditRow() throws {
        try TestDatabase.with { db in
            let environment = ["BOOKNOW_DATABASE_URL": db.url, "USER": "cli-tester"]
            let created = try booknowctl(["--json", "business", "create", "Clinic", "--time-zone", "Europe/Berlin"], environment: environment)
            let business = try #require((try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any])?["id"] as? String)
            let other = try booknowctl(["--json", "business", "create", "Other", "--time-zone", "Europe/Berlin"], environment: environment)
            let otherID = try #require((try JSONSerialization.jsonObject(with: Data(other.output.utf8)) as? [String: Any])?["id"] as? String)

            let set = try booknowctl(["business", "page", "--business", business, "--slug", "clinic-berlin", "--phone", "+4930123456"],
                                     environment: environment)
            #expect(set.code == 0 && set.output.contains("/book/clinic-berlin"), "\(set.output)")
            #expect(try booknowctl(["business", "page", "--business", business], environment: environment).code == 64, "nothing to set")
            #expect(try booknowctl(["business", "page", "--business", business, "--slug", "Not A Slug"], environment: environment).code == 64)
            #expect(try booknowctl(["business", "page", "--business", business, "--phone", "030 123"], environment: environment).code == 64)
            let taken = try booknowctl(["business", "page", "--business", otherID, "--slug", "clinic-berlin"], environment: environment)
            #expect(taken.code == 65 && taken.output.contains("clinic-berlin"))
            #expect(try booknowctl(["business", "page", "--business", UUID().uuidString, "--slug", "x"], environment: environment).code == 65)

            let connection = try db.connect()
            let row = try connection.query("SELECT slug, phone FROM businesses WHERE id = $1::uuid", [business])[0]
            #expect(try row.decode(String.self, "slug") == "clinic-berlin" && row.decode(String?.self, "phone") == "+4930123456")
            let audit = try connection.query("""
                SELECT count(*)::int AS n FROM admin_audit
                 WHERE route = 'booknowctl business page' AND actor_kind = 'cli' AND actor_id = 'cli-tester' AND business_id = $1::uuid
                """, [business])[0]
            #expect(try audit.decode(Int.self, "n") == 1, "only the change that happened is recorded")
        }
    }
}
