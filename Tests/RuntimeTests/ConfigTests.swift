import Foundation
import Runtime
import Testing

@Suite struct ConfigTests {
    private func parse(_ text: String, environment: [String: String] = [:]) throws(RuntimeError) -> Config {
        try Config(file: ConfigFile(parsing: text, path: "test.conf"), environment: environment)
    }

    /// Parses `text` expecting an error, and returns it.
    private func failure(_ text: String, environment: [String: String] = [:]) -> RuntimeError? {
        do {
            _ = try parse(text, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsApplyWithoutAFile() throws {
        let config = try Config.load(file: nil, environment: [:])
        #expect(config.string("database.url") == "postgresql://booknow@127.0.0.1:5432/booknow")
        #expect(config.int("database.pool_size") == 10)
        #expect(config.duration("database.statement_timeout") == .seconds(30))
        #expect(config.string("http.address") == "127.0.0.1")
        #expect(config.word("log.level") == "info")
        #expect(config.bool("testing.allow_clock_offset") == false)
        #expect(config.secret("database.password_file") == nil)
        #expect(config.origin("http.port") == "default")
    }

    @Test func fileValuesAreTypedAndRemembered() throws {
        let config = try parse("""
            # comment
            [http]
              port = 9090\r
            shutdown_timeout = 250ms

            [database]
            pool_wait_timeout = 5m
            connect_timeout = 1h
            [log]
            level = debug
            [testing]
            allow_clock_offset = yes
            """)
        #expect(config.int("http.port") == 9090)
        #expect(config.origin("http.port") == "test.conf:3")
        #expect(config.duration("http.shutdown_timeout") == .milliseconds(250))
        #expect(config.duration("database.pool_wait_timeout") == .seconds(300))
        #expect(config.duration("database.connect_timeout") == .seconds(3600))
        #expect(config.word("log.level") == "debug")
        #expect(config.bool("testing.allow_clock_offset"))
    }

    @Test(arguments: [
        ("[http]\nport 8080", "test.conf:2: expected 'key = value', '[section]' or '# comment'", RuntimeError.Code.malformedLine),
        ("[http\nport = 1", "test.conf:1: '[http' is missing ']'", .malformedLine),
        ("[Http]", "test.conf:1: '[Http]' is not a valid section name", .malformedLine),
        ("port = 1", "test.conf:1: key 'port' comes before any [section]", .malformedLine),
        ("[http]\n = 1", "test.conf:2: '' is not a valid key name", .malformedLine),
        ("\n[colour]\n", "test.conf:2: unknown section [colour] (known: \(ConfigCatalogue.booknow.sections.joined(separator: ", ")))", .unknownSection),
        ("[http]\nprot = 1", "test.conf:2: key 'http.prot': unknown key", .unknownKey),
        ("[http]\nport = 1\n\nport = 2", "test.conf:4: key 'http.port': already set on line 2", .duplicateKey),
        ("[http]\nport = 70000", "test.conf:2: key 'http.port': 70000 is out of range 0...65535 (expected integer 0...65535)", .badValue),
        ("[http]\nport = eighty", "test.conf:2: key 'http.port': 'eighty' is not an integer (expected integer 0...65535)", .badValue),
        ("[database]\npool_size = 0", "test.conf:2: key 'database.pool_size': 0 is out of range 1...200 (expected integer 1...200)", .badValue),
        ("[http]\nshutdown_timeout = 10", "test.conf:2: key 'http.shutdown_timeout': '10' has no unit (use ms, s, m or h, like 30s) (expected duration)", .badValue),
        ("[http]\nshutdown_timeout = s", "test.conf:2: key 'http.shutdown_timeout': 's' is not a duration (use a whole number and ms, s, m or h, like 30s) (expected duration)", .badValue),
        ("[log]\nlevel = loud", "test.conf:2: key 'log.level': 'loud' is not one of debug, info, notice, warning, error (expected one of debug, info, notice, warning, error)", .badValue),
        ("[testing]\nallow_clock_offset = maybe", "test.conf:2: key 'testing.allow_clock_offset': 'maybe' is not a boolean (use true or false) (expected boolean)", .badValue),
        ("[http]\npublic_base_url = /relative", "test.conf:2: key 'http.public_base_url': the value is not an absolute URL with a scheme and a host (expected URL)", .badValue),
        ("[database]\npassword_file = secret.txt", "test.conf:2: key 'database.password_file': 'secret.txt' is not an absolute path (expected secret file)", .badValue),
        ("[http]\nport =", "test.conf:2: key 'http.port': '' is not an integer (expected integer 0...65535)", .badValue),
    ])
    func everyErrorNamesFileLineAndKey(text: String, description: String, code: RuntimeError.Code) throws {
        let error = try #require(failure(text))
        #expect(error.description == description)
        #expect(error.code == code)
    }

    @Test func aPasswordInAURLIsRefusedWithoutQuotingIt() throws {
        for url in ["postgresql://booknow:hunter2@db/booknow", "postgresql://booknow@db/booknow?password=hunter2"] {
            let error = try #require(failure("[database]\nurl = \(url)"))
            #expect(error.code == .badValue)
            #expect(error.key == "database.url")
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func environmentOverridesTheFile() throws {
        let config = try parse("[http]\nport = 9090\n[log]\nlevel = debug", environment: [
            "BOOKNOW_HTTP_PORT": "7070", "BOOKNOW_DATABASE_POOL_SIZE": " 20 ", "PATH": "/usr/bin",
            "BOOKNOW_UNRELATED": "ignored",
        ])
        #expect(config.int("http.port") == 7070)
        #expect(config.origin("http.port") == "environment BOOKNOW_HTTP_PORT")
        #expect(config.int("database.pool_size") == 20)
        #expect(config.word("log.level") == "debug")
    }

    @Test func aBadEnvironmentValueNamesTheVariable() throws {
        let error = try #require(failure("", environment: ["BOOKNOW_HTTP_THREADS": "0"]))
        #expect(error.description == "environment BOOKNOW_HTTP_THREADS: key 'http.threads': 0 is out of range 1...256 (expected integer 1...256)")
    }

    @Test func aMisspeltVariableOfAKnownSectionIsAnError() throws {
        let error = try #require(failure("", environment: ["BOOKNOW_DATABASE_PASSWORD": "hunter2"]))
        #expect(error.code == .unknownKey)
        #expect(error.description == "environment BOOKNOW_DATABASE_PASSWORD: no configuration key has this variable name")
    }

    @Test func aMissingFileIsAnUnreadableFileError() throws {
        let error = try #require(#expect(throws: RuntimeError.self) {
            try Config.load(file: "/nonexistent/booknowd.conf", environment: [:])
        })
        #expect(error.code == .unreadableFile)
        #expect(error.description.hasPrefix("/nonexistent/booknowd.conf: cannot read the configuration file"))
    }

    @Test func loadReadsAFileFromDisk() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("booknowd.conf", "[http]\nthreads = 3\n")
        let config = try Config.load(file: file, environment: [:])
        #expect(config.int("http.threads") == 3)
        #expect(config.origin("http.threads") == "\(file):2")
    }

    @Test func customCataloguesSupportListsAndPaths() throws {
        let catalogue = ConfigCatalogue([
            ConfigKey("smtp", "hosts", .list, default: "a, b,,c", "hosts"),
            ConfigKey("smtp", "spool", .path, default: "/var/spool/booknow", "spool"),
            ConfigKey("smtp", "name", .string, default: nil, "optional"),
        ])
        let config = try Config(file: nil, environment: ["BOOKNOW_SMTP_SPOOL": "/tmp/x"], catalogue: catalogue)
        #expect(config.list("smtp.hosts") == ["a", "b", "c"])
        #expect(config.path("smtp.spool") == "/tmp/x")
        #expect(config.value("smtp.name") == nil)
    }
}
