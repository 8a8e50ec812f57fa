import Foundation
import Runtime
import Testing

@Suite struct ConfigSecretTests {
    @Test func aSecretFileIsReadAndItsTrailingNewlineTrimmed() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("db-password", "s3cret word\n")
        let config = try Config(file: ConfigFile(parsing: "[database]\npassword_file = \(file)", path: "a.conf"), environment: [:])
        let secret = try #require(config.secret("database.password_file"))
        #expect(secret.reveal() == "s3cret word")
        #expect(config.origin("database.password_file") == "a.conf:2")
    }

    @Test func aSecretFileCanBeNamedByTheEnvironment() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pw", "from-env\r\n")
        let config = try Config.load(file: nil, environment: ["BOOKNOW_DATABASE_PASSWORD_FILE": file])
        #expect(config.secret("database.password_file")?.reveal() == "from-env")
    }

    @Test func aSystemdCredentialWinsOverTheConfiguredFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pw", "from-file")
        let credentials = try TemporaryDirectory()
        try credentials.write("database.password", "from-credential\n")
        let text = "[database]\npassword_file = \(file)"
        let withCredential = try Config(file: ConfigFile(parsing: text, path: "a.conf"),
                                        environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(withCredential.secret("database.password_file")?.reveal() == "from-credential")
        #expect(withCredential.origin("database.password_file") == "credential database.password")

        let unsetKey = try Config.load(file: nil, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(unsetKey.secret("database.password_file")?.reveal() == "from-credential")

        let otherDirectory = try TemporaryDirectory()
        let fallback = try Config(file: ConfigFile(parsing: text, path: "a.conf"),
                                  environment: ["CREDENTIALS_DIRECTORY": otherDirectory.path])
        #expect(fallback.secret("database.password_file")?.reveal() == "from-file")
    }

    @Test func aMissingSecretFileNamesFileLineAndKey() throws {
        let error = try #require(#expect(throws: RuntimeError.self) {
            try Config(file: ConfigFile(parsing: "[database]\n\npassword_file = /nonexistent/pw", path: "a.conf"), environment: [:])
        })
        #expect(error.code == .unreadableSecret)
        #expect(error.description.hasPrefix("a.conf:3: key 'database.password_file': cannot read secret file /nonexistent/pw"))
    }

    @Test func anEmptySecretFileIsAnError() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pw", "\n")
        let error = try #require(#expect(throws: RuntimeError.self) {
            try Config.load(file: nil, environment: ["BOOKNOW_DATABASE_PASSWORD_FILE": file])
        })
        #expect(error.description == "environment BOOKNOW_DATABASE_PASSWORD_FILE: key 'database.password_file': secret file \(file) is empty")
    }

    @Test func aSecretNeverPrintsItsValue() {
        let secret = Secret("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, "\([secret])"] {
            #expect(!text.contains("hunter2"))
        }
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
    }
}
