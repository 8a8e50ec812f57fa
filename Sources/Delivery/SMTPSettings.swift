/// Configuration of the `smtp` transport. The password never appears in `description`.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    /// `smtp://host:port` (STARTTLS) or `smtps://host:port` (implicit TLS).
    public var url: String
    /// Require STARTTLS on `smtp://` (the default). Only a loopback test peer turns it off.
    public var requireTLS: Bool
    /// Trusted CAs (PEM) for verifying the server; nil uses the system store.
    public var caFile: String?
    public var username: String?
    /// Read by the caller from a secret file (systemd `LoadCredential=`), never from a command line.
    public var password: String?
    /// The envelope sender (`MAIL FROM`, where bounces go); nil uses each message's `From`.
    public var envelopeSender: EmailAddress?
    /// Sender threads, each holding one SMTP connection open across messages.
    public var senderThreads: Int
    public var connectTimeout: Duration
    public var transferTimeout: Duration
    public var commandTimeout: Duration

    public init(url: String, requireTLS: Bool = true, caFile: String? = nil, username: String? = nil,
                password: String? = nil, envelopeSender: EmailAddress? = nil, senderThreads: Int = 4,
                connectTimeout: Duration = .seconds(10), transferTimeout: Duration = .seconds(60),
                commandTimeout: Duration = .seconds(30)) {
        self.url = url
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.username = username
        self.password = password
        self.envelopeSender = envelopeSender
        self.senderThreads = senderThreads
        self.connectTimeout = connectTimeout
        self.transferTimeout = transferTimeout
        self.commandTimeout = commandTimeout
    }

    public var description: String {
        "smtp url=\(url) requireTLS=\(requireTLS) user=\(username ?? "-") password=\(password == nil ? "-" : "***") "
            + "threads=\(senderThreads)"
    }
}
