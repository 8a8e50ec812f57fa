/// The one error type of the Curl module.
///
/// Carries libcurl's own result code and, separately, the last reply code the
/// peer sent (SMTP or HTTP): delivery classifies on the reply code first,
/// because curl's code alone is ambiguous (55 is both "rejected" and "network").
/// `description` never contains credentials or a message body.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier: `curl.init`, `curl.option`, `curl.transfer`, `curl.multi`, `curl.shutdown`.
    public let code: String
    /// What went wrong, from libcurl's `curl_easy_strerror` or the error buffer.
    public let message: String
    /// libcurl's `CURLcode` (or `CURLMcode` for `curl.multi`); 0 when not applicable.
    public let curlCode: Int
    /// The peer's last reply code (SMTP 250/451/550…, HTTP status); 0 when none arrived.
    public let replyCode: Int
    /// The peer's last reply line(s), for the attempt history.
    public let replyText: String

    public init(code: String, message: String, curlCode: Int = 0, replyCode: Int = 0, replyText: String = "") {
        self.code = code
        self.message = message
        self.curlCode = curlCode
        self.replyCode = replyCode
        self.replyText = replyText
    }

    public var description: String {
        var text = "\(code): \(message) (curl \(curlCode)"
        if replyCode != 0 { text += ", reply \(replyCode)" }
        return text + ")"
    }

    /// True when libcurl's code says the channel is misconfigured rather than passing trouble:
    /// TLS could not be negotiated or verified, or the server refused our credentials.
    public static func isConfigurationFault(curlCode: Int) -> Bool {
        // SSL_CONNECT_ERROR 35, SSL_ENGINE_* 53/54, SSL_CERTPROBLEM 58, SSL_CIPHER 59,
        // PEER_FAILED_VERIFICATION 60, USE_SSL_FAILED 64, SSL_ENGINE_INITFAILED 66,
        // LOGIN_DENIED 67, SSL_CACERT_BADFILE 77, SSL_SHUTDOWN_FAILED 80, SSL_CRL_BADFILE 82,
        // SSL_ISSUER_ERROR 83, SSL_PINNEDPUBKEYNOTMATCH 90, SSL_INVALIDCERTSTATUS 91.
        [35, 53, 54, 58, 59, 60, 64, 66, 67, 77, 80, 82, 83, 90, 91].contains(curlCode)
    }
}
