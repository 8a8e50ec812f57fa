/// Configuration of the Twilio-compatible `sms-http` transport. The token never appears in `description`.
public struct SMSSettings: Sendable, CustomStringConvertible {
    /// The API root, e.g. `https://api.twilio.com/2010-04-01`; requests go to `{baseURL}/Accounts/{sid}/Messages.json`.
    public var baseURL: String
    public var accountSID: String
    /// Read by the caller from a secret file; sent only as the basic-auth password.
    public var authToken: String
    /// The sending number; or set `messagingServiceSID` instead.
    public var from: PhoneNumber?
    public var messagingServiceSID: String?
    /// Connections to the provider at most (keep-alive, `CURLMOPT_MAX_HOST_CONNECTIONS`).
    public var maxConnections: Int
    public var connectTimeout: Duration
    public var timeout: Duration

    public init(baseURL: String, accountSID: String, authToken: String, from: PhoneNumber? = nil,
                messagingServiceSID: String? = nil, maxConnections: Int = 8,
                connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(15)) {
        self.baseURL = baseURL
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.messagingServiceSID = messagingServiceSID
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    public var description: String {
        "sms-http baseURL=\(baseURL) account=\(accountSID) token=*** connections=\(maxConnections)"
    }
}

/// Configuration of the generic JSON webhook SMS transport. The key never appears in `description`.
public struct WebhookSMSSettings: Sendable, CustomStringConvertible {
    public var url: String
    /// The shared HMAC key the receiver verifies signatures with.
    public var signingKey: [UInt8]
    public var maxConnections: Int
    public var connectTimeout: Duration
    public var timeout: Duration

    public init(url: String, signingKey: [UInt8], maxConnections: Int = 8,
                connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(15)) {
        self.url = url
        self.signingKey = signingKey
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    public var description: String { "sms-webhook url=\(url) key=*** connections=\(maxConnections)" }
}
