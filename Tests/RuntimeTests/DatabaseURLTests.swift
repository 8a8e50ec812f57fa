import Runtime
import Testing

@Suite struct DatabaseURLTests {
    @Test func aHostListIsAcceptedForAFailoverPair() throws {
        let url = try DatabaseURL("postgresql://booknow@127.0.0.1:5433,127.0.0.1:5434/booknow?target_session_attrs=read-write")
        #expect(url.hosts == ["127.0.0.1:5433", "127.0.0.1:5434"])
        #expect(url.role == "booknow")
        #expect(url.database == "booknow")
        let six = try DatabaseURL("postgres://app%40x@[::1]:5432,db.example/bn%2Dx")
        #expect(six.hosts == ["[::1]:5432", "db.example"])
        #expect(six.role == "app@x")
        #expect(six.database == "bn-x")
    }

    @Test func theConfigurationLoadsAMultiHostDatabaseURL() throws {
        let text = "postgresql://booknow@10.0.0.1:5432,10.0.0.2:5432/booknow?target_session_attrs=read-write"
        let config = try Config(file: ConfigFile(parsing: "[database]\nurl = \(text)", path: "test.conf"), environment: [:])
        #expect(config.string("database.url") == text)
    }

    @Test(arguments: [
        "http://db/booknow", "postgresql:///booknow", "postgresql://booknow@a:5432,,b/booknow",
        "postgresql://booknow@a:54x2/booknow", "postgresql://booknow@[::1/booknow", "postgresql://booknow@a b/booknow",
    ])
    func malformedURLsAreRefused(text: String) {
        #expect(throws: ConfigType.Problem.self) { try DatabaseURL(text) }
    }

    @Test func aPasswordIsRefusedWithoutQuotingIt() {
        for text in ["postgresql://booknow:hunter2@a,b/booknow", "postgresql://booknow@a,b/booknow?sslmode=require&PASSWORD=hunter2"] {
            do {
                _ = try DatabaseURL(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains("password"))
                #expect(!error.message.contains("hunter2"))
            }
        }
    }
}
