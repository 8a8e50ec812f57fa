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
        ConfigKey("http", "public_base_url", .url, default: nil,
                  "base of links sent to customers (default: http:// and the address and port the daemon listens on)"),
        ConfigKey("http", "rate_limit_per_second", .int(0...1_000_000), default: "50",
                  "requests a second each API key may make after its burst, per daemon (0: no limit)"),
        ConfigKey("http", "rate_limit_burst", .int(1...1_000_000), default: "100", "requests each API key may make at once"),

        ConfigKey("log", "level", .oneOf(LogLevel.allCases.map(\.rawValue)), default: "info", "lowest level logged"),

        ConfigKey("worker", "enabled", .bool, default: "true", "run the notification worker in this daemon"),
        ConfigKey("worker", "email_concurrency", .int(1...1000), default: "16", "emails sent at once"),
        ConfigKey("worker", "sms_concurrency", .int(1...1000), default: "32", "SMS sent at once"),
        ConfigKey("worker", "default_concurrency", .int(1...1000), default: "4", "other jobs (planning, waitlist) run at once"),
        ConfigKey("worker", "pool_size", .int(1...200), default: "8",
                  "database connections of the worker's own pool, apart from the API's database.pool_size"),
        ConfigKey("worker", "poll_interval", .duration, default: "5s", "longest sleep without a notification"),
        ConfigKey("worker", "lease", .duration, default: "5m", "how long a claim holds a job before another daemon may rescue it"),
        ConfigKey("worker", "reminder_horizon", .duration, default: "10m", "how far ahead reminders become jobs"),
        ConfigKey("worker", "shutdown_timeout", .duration, default: "20s", "time running jobs get to finish at shutdown"),
        ConfigKey("worker", "breaker_failures", .int(1...1000), default: "5", "transient failures in a row that pause a channel"),
        ConfigKey("worker", "breaker_probe_interval", .duration, default: "30s", "how often a paused channel lets one probe message through"),
        ConfigKey("worker", "heartbeat_timeout", .duration, default: "30s",
                  "a daemon whose heartbeat is older than this is dead and its running jobs return to the queue"),
        ConfigKey("worker", "receipt_retention", .duration, default: "2160h", "how long delivery receipts are kept (90 days)"),

        ConfigKey("security", "link_key_file", .secretFile, default: nil,
                  "file holding the secret customers' manage links are derived from (or credential security.link_key)"),

        ConfigKey("email", "transport", .oneOf(["outbox", "smtp"]), default: "outbox",
                  "how email leaves: outbox files, or SMTP"),
        ConfigKey("email", "from_address", .string, default: "bookings@booknow.invalid",
                  "sender address when a business has none of its own"),
        ConfigKey("email", "message_id_domain", .string, default: "booknow.invalid",
                  "domain of Message-IDs and calendar UIDs"),

        ConfigKey("smtp", "url", .url, default: "smtp://127.0.0.1:25", "smtp:// (STARTTLS) or smtps:// server"),
        ConfigKey("smtp", "require_tls", .bool, default: "true", "refuse to send over an unencrypted smtp:// connection"),
        ConfigKey("smtp", "ca_file", .path, default: nil, "CA bundle to verify the server with (default: the system's)"),
        ConfigKey("smtp", "username", .string, default: nil, "AUTH user name"),
        ConfigKey("smtp", "password_file", .secretFile, default: nil, "file holding the SMTP password (or credential smtp.password)"),
        ConfigKey("smtp", "threads", .int(1...64), default: "4", "sender threads, one open connection each"),
        ConfigKey("smtp", "connect_timeout", .duration, default: "10s", "time allowed to connect"),
        ConfigKey("smtp", "transfer_timeout", .duration, default: "60s", "time allowed for one message"),

        ConfigKey("sms", "transport", .oneOf(["outbox", "twilio", "webhook"]), default: "outbox",
                  "how SMS leaves: outbox files, a Twilio-compatible API, or a signed JSON webhook"),
        ConfigKey("sms", "base_url", .url, default: "https://api.twilio.com/2010-04-01", "Twilio-compatible API base"),
        ConfigKey("sms", "account_sid", .string, default: nil, "Twilio account SID"),
        ConfigKey("sms", "auth_token_file", .secretFile, default: nil, "file holding the Twilio auth token (or credential sms.auth_token)"),
        ConfigKey("sms", "from", .string, default: nil, "sending number, E.164"),
        ConfigKey("sms", "webhook_url", .url, default: nil, "JSON webhook for transport = webhook"),
        ConfigKey("sms", "webhook_signing_key_file", .secretFile, default: nil,
                  "file holding the webhook's HMAC-SHA256 key (or credential sms.webhook_signing_key)"),
        ConfigKey("sms", "max_connections", .int(1...256), default: "8", "concurrent connections to the provider"),
        ConfigKey("sms", "timeout", .duration, default: "15s", "time allowed for one request"),

        ConfigKey("receipts", "email_webhook_key_file", .secretFile, default: nil,
                  "file holding the email provider's webhook HMAC-SHA256 key (or credential receipts.email_webhook_key)"),

        ConfigKey("outbox", "directory", .path, default: "/var/lib/booknow/outbox",
                  "folder where the outbox transport writes .eml and .json files"),

        ConfigKey("templates", "directory", .path, default: "/usr/share/booknow/templates",
                  "folder of the default message templates"),
        ConfigKey("templates", "max_sms_segments", .int(1...10), default: "2",
                  "SMS templates longer than this many segments get a lint warning"),

        ConfigKey("cache", "enabled", .bool, default: "true",
                  "cache providers' days of rules, time off and bookings for availability, validated on every read"),
        ConfigKey("cache", "max_bytes", .int(1024...Int.max), default: "67108864", "memory budget of the availability cache"),
        ConfigKey("cache", "ttl", .duration, default: "5m", "longest an availability cache entry is used, by the database clock"),

        ConfigKey("testing", "allow_clock_offset", .bool, default: "false",
                  "let the database clock offset move time; only test configurations set it"),
    ])
}
