import Bootstrap
import Foundation
import Postgres
import Runtime

/// What commands share: the configuration (loaded on first use, so `--help`
/// works without one), a database connection, and the output mode.
final class Context {
    /// The file `ConfigDiscovery` chose: `--config`, `BOOKNOW_CONFIG`, /etc, the state folder, or none.
    let configChoice: ConfigDiscovery.Choice
    let environment: [String: String]
    let json: Bool
    private var loaded: Config?

    init(configPath: String?, environment: [String: String], json: Bool) {
        self.configChoice = ConfigDiscovery().choose(explicit: configPath, environment: environment)
        self.environment = environment
        self.json = json
    }

    func config() throws -> Config {
        if let loaded { return loaded }
        let config = try Config.load(file: configChoice.path, environment: environment)
        loaded = config
        return config
    }

    func connect() throws -> Connection {
        try Connection(try ConnectionConfiguration(config: try config(), applicationName: "booknowctl"))
    }

    /// Prints `value` as JSON when `--json` was given, else the human text.
    /// Keys are snake_case whatever the Swift names (`businessID` → `business_id`),
    /// like the API's, so scripts see one spelling everywhere.
    func output<T: Encodable>(_ value: T, text: () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            print(text())
        }
    }
}
