import CCurl

/// Sends mail over one SMTP connection that stays open between messages.
///
/// Wraps one `EasyHandle`: libcurl keeps the connection in the handle's cache
/// after each `curl_easy_perform`, so consecutive `send` calls reuse it (no
/// new TCP, TLS or AUTH) until the server or the idle limit closes it. `send`
/// blocks its thread for the whole SMTP dialogue, so callers run it on a
/// dedicated sender thread, never on Swift's cooperative pool. Not thread-safe.
public final class SMTPClient {
    /// The server's final answer to an accepted message.
    public struct Reply: Sendable {
        public let code: Int
        public let text: String
    }

    private let handle: EasyHandle

    /// Prepares the handle; the connection opens with the first `send`.
    /// - Parameters:
    ///   - url: `smtp://host:port` (STARTTLS) or `smtps://host:port` (TLS from the first byte).
    ///   - requireTLS: refuse to send unless the session is encrypted (`CURLOPT_USE_SSL = CURLUSESSL_ALL`).
    ///   - caFile: a PEM bundle of trusted CAs (`CURLOPT_CAINFO`); nil uses the system store.
    ///   - password: a secret: nothing here logs it.
    ///   - transferTimeout: the whole dialogue of one message, including the upload.
    ///   - commandTimeout: how long to wait for each server reply (`CURLOPT_SERVER_RESPONSE_TIMEOUT`).
    public init(url: String, requireTLS: Bool, caFile: String?, username: String?, password: String?,
                connectTimeout: Duration, transferTimeout: Duration, commandTimeout: Duration) throws(CurlError) {
        handle = try EasyHandle()
        try handle.set(CURLOPT_URL, url)
        try handle.set(CURLOPT_USE_SSL, requireTLS ? ccurl_usessl_all() : ccurl_usessl_none())
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        if let username { try handle.set(CURLOPT_USERNAME, username) }
        if let password { try handle.set(CURLOPT_PASSWORD, password) }
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.milliseconds)
        try handle.set(CURLOPT_TIMEOUT_MS, transferTimeout.milliseconds)
        try handle.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, commandTimeout.milliseconds / 1000))
        try handle.set(CURLOPT_TCP_KEEPALIVE, 1)
        try handle.set(CURLOPT_UPLOAD, 1)
    }

    /// Sends one message (`MAIL FROM`, `RCPT TO` each recipient, `DATA` fed by the read callback).
    ///
    /// The message must already use CRLF line ends; libcurl dot-stuffs it and
    /// ends `DATA`. Addresses must be validated by the caller: Debian's libcurl
    /// 7.88 passes CR/LF in them to the wire. Throws with the reply code and
    /// text of the command that failed, or 0 when the connection did.
    public func send(from sender: String, to recipients: [String], message: [UInt8]) throws(CurlError) -> Reply {
        handle.prepareTransfer(upload: message)
        try handle.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        try handle.set(CURLOPT_MAIL_RCPT, list: recipients.map { "<\($0)>" })
        try handle.set(CURLOPT_INFILESIZE_LARGE, message.count)
        let code = handle.perform()
        let replyCode = handle.responseCode
        // After a failure libcurl sends QUIT, so the last line may be "221 Bye": keep the reply that decided.
        let lines = handle.headerLines
        let replyText = lines.last { $0.hasPrefix(String(replyCode)) } ?? lines.last ?? ""
        guard code == CURLE_OK else {
            throw CurlError(code: "curl.transfer", message: handle.errorMessage(for: code),
                            curlCode: Int(code.rawValue), replyCode: replyCode, replyText: replyText)
        }
        return Reply(code: replyCode, text: replyText)
    }
}

extension Duration {
    /// Whole milliseconds, as libcurl's `_MS` options take them.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
