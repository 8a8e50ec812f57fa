import CLibPQ

/// Where and how to connect: a libpq URL or key/value string plus settings
/// applied to every session.
///
/// The password is kept apart from the URL so that it can come from a secret
/// file, and is handed to libpq as its own parameter (`PQconnectdbParams`),
/// never spliced into a string.
public struct ConnectionConfiguration: Sendable, CustomStringConvertible {
    /// A `postgresql://` URL or a `key=value` connection string, without a password.
    public var connectionString: String
    public var password: String?
    public var applicationName: String
    public var connectTimeoutSeconds: Int
    /// Session settings (`statement_timeout`, …) sent in the startup packet, so
    /// that no extra round trip is needed and every pooled connection has them.
    public var sessionSettings: [String: String]
    /// Host, port and database, for messages; never the password.
    public let target: String

    /// Parses the connection string up front so a typo fails at configuration time.
    /// - Throws: `PostgresError` with code `badConnectionString`.
    public init(
        _ connectionString: String,
        password: String? = nil,
        applicationName: String = "booknow",
        connectTimeoutSeconds: Int = 5,
        statementTimeoutMilliseconds: Int? = nil,
        idleInTransactionTimeoutMilliseconds: Int? = nil
    ) throws {
        self.connectionString = connectionString
        self.password = password
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        var settings = [
            "TimeZone": "UTC", "DateStyle": "ISO", "IntervalStyle": "postgres", "extra_float_digits": "3",
            // NOTICEs ("already exists, skipping") would go to stderr through libpq.
            "client_min_messages": "warning",
        ]
        if let ms = statementTimeoutMilliseconds { settings["statement_timeout"] = String(ms) }
        if let ms = idleInTransactionTimeoutMilliseconds { settings["idle_in_transaction_session_timeout"] = String(ms) }
        self.sessionSettings = settings
        self.target = try Self.describeTarget(connectionString)
    }

    public var description: String { "postgres(\(target))" }

    /// Keywords and values for `PQconnectdbParams`; `dbname` comes first so that
    /// the explicit parameters after it override what the URL says.
    func parameters() -> [(String, String)] {
        var params: [(String, String)] = [("dbname", connectionString)]
        if let password { params.append(("password", password)) }
        params.append(("application_name", applicationName))
        params.append(("connect_timeout", String(connectTimeoutSeconds)))
        let options = sessionSettings.sorted { $0.key < $1.key }
            .map { "-c \($0.key)=\(Self.escapeOption($0.value))" }
            .joined(separator: " ")
        params.append(("options", options))
        return params
    }

    /// Backslash-escapes spaces and backslashes as libpq's `options` requires.
    private static func escapeOption(_ value: String) -> String {
        var out = ""
        for ch in value {
            if ch == " " || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Reads host, port and database out of the string with `PQconninfoParse`.
    private static func describeTarget(_ connectionString: String) throws -> String {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            var reason = "unparseable connection string"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingTrailingNewlines()
                PQfreemem(errorMessage)
            }
            throw PostgresError(.badConnectionString, reason)
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            cursor += 1
        }
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        let port = values["port"] ?? "5432"
        let database = values["dbname"] ?? values["user"] ?? "(default)"
        return "host=\(host) port=\(port) database=\(database)"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
