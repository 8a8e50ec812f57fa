import Foundation
import Runtime
import Testing

/// Keeps `config/booknowd.conf` and the catalogue from drifting apart.
@Suite struct ConfigDocumentationTests {
    /// `config/booknowd.conf`, found from this file's path (Tests/RuntimeTests/…).
    private static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/booknowd.conf").path

    @Test func theShippedFileNamesExactlyTheCataloguesKeys() throws {
        let file = try ConfigFile(parsing: String(contentsOfFile: Self.shippedFile, encoding: .utf8), path: Self.shippedFile)
        let documented = file.entries.map(\.dotted)
        #expect(documented == ConfigCatalogue.booknow.keys.map(\.dotted))
        #expect(file.headers.map(\.section) == ConfigCatalogue.booknow.sections)
    }

    @Test func theShippedFileStatesTheCataloguesDefaults() throws {
        let fromFile = try Config.load(file: Self.shippedFile, environment: [:])
        let defaults = try Config.load(file: nil, environment: [:])
        for key in ConfigCatalogue.booknow.keys {
            #expect(fromFile.value(key.dotted) == defaults.value(key.dotted), "\(key.dotted)")
            #expect(fromFile.origin(key.dotted) != "default" || key.defaultText == nil, "\(key.dotted)")
        }
    }

    @Test func everyKeyHasDocumentationAndADistinctVariable() {
        let keys = ConfigCatalogue.booknow.keys
        #expect(keys.allSatisfy { !$0.doc.isEmpty })
        #expect(Set(keys.map(\.environmentName)).count == keys.count)
    }
}
