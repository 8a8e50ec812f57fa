extension ConfigCatalogue {
    /// Every setting of `booknowd` and `booknowctl`.
    ///
    /// Adding a setting is one line here plus its documented default in
    /// `config/booknowd.conf` (a test fails until both agree).
    public static let booknow = ConfigCatalogue([
        ConfigKey("database", "url", .url, default: "postgresql://booknow@127.0.0.1:5432/booknow",
                  "libpq connection URL, without a password"),
        ConfigKey("database", "password_file", .secretFile, default: nil,
                  "file holding the database password (or credential database.password)"),
        ConfigKey("database", "pool_size", .int(1...200), default: "10", "connections in the pool"),
        ConfigKey("database", "connect_timeout", .duration, default: "5s", "time allowed to open a connection"),
        ConfigKey("database", "statement_timeout", .duration, default: "30s", "statement_timeout of every session"),
        ConfigKey("database", "idle_in_transaction_timeout", .duration, default: "60s",
                  "idle_in_transaction_session_timeout of every session"),
        ConfigKey("database", "pool_wait_timeout", .duration, default: "5s", "time a caller waits for a free connection"),

        ConfigKey("http", "address", .string, default: "127.0.0.1", "address the HTTP server listens on"),
        ConfigKey("http", "port", .int(0...65535), default: "8080", "TCP port (0 picks a free one)"),
        ConfigKey("http", "threads", .int(1...256), default: "8", "HTTP server threads"),
        ConfigKey("http", "max_body_bytes", .int(0...Int.max), default: "1048576", "largest request body accepted"),
        ConfigKey("http", "shutdown_timeout", .duration, default: "10s", "time in-flight requests get at shutdown"),
        ConfigKey("http", "public_base_url", .url, default: "http://127.0.0.1:8080",
                  "base of links sent to customers"),

        ConfigKey("log", "level", .oneOf(LogLevel.allCases.map(\.rawValue)), default: "info", "lowest level logged"),

        ConfigKey("templates", "directory", .path, default: "/usr/share/booknow/templates",
                  "folder of the default message templates"),
        ConfigKey("templates", "max_sms_segments", .int(1...10), default: "2",
                  "SMS templates longer than this many segments get a lint warning"),

        ConfigKey("testing", "allow_clock_offset", .bool, default: "false",
                  "let the database clock offset move time; only test configurations set it"),
    ])
}
