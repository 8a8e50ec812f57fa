public import Postgres
import Foundation

/// A database of a test's own, copied from the migrated template that the test
/// command prepared (or empty), so tests run in parallel and in any order.
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String
    public let configuration: ConnectionConfiguration

    /// Creates the database, runs `body`, then drops it.
    public static func with<T>(migrated: Bool = true, _ body: (TestDatabase) throws -> T) throws -> T {
        let database = try create(migrated: migrated)
        defer { try? database.drop() }
        return try body(database)
    }

    public static func create(migrated: Bool = true) throws -> TestDatabase {
        let admin = try adminConnection()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let template = migrated ? try TestEnvironment.value("BOOKNOW_TEST_TEMPLATE_DATABASE") : "template0"
        try admin.execute("CREATE DATABASE \(try admin.quoteIdentifier(name)) TEMPLATE \(try admin.quoteIdentifier(template))")
        let url = try databaseURL(name)
        return TestDatabase(name: name, url: url, configuration: try ConnectionConfiguration(url, applicationName: "booknow-test"))
    }

    /// A pool on this database.
    public func makePool(size: Int = 4, waitTimeout: Duration = .seconds(10)) -> ConnectionPool {
        ConnectionPool(configuration: configuration, maxConnections: size, waitTimeout: waitTimeout)
    }

    public func connect() throws -> Connection { try Connection(configuration) }

    public func drop() throws {
        let admin = try Self.adminConnection()
        try admin.execute("DROP DATABASE IF EXISTS \(try admin.quoteIdentifier(name)) WITH (FORCE)")
    }

    static func adminConnection() throws -> Connection {
        try Connection(try ConnectionConfiguration(try TestEnvironment.adminDatabaseURL(), applicationName: "booknow-test-admin"))
    }

    /// The admin URL with its database replaced.
    static func databaseURL(_ database: String) throws -> String {
        guard var components = URLComponents(string: try TestEnvironment.adminDatabaseURL()) else {
            throw TestEnvironment.Missing(name: "a valid BOOKNOW_TEST_DATABASE_URL")
        }
        components.path = "/" + database
        return components.string ?? ""
    }
}
