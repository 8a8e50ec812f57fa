public import Foundation
import Curl

/// Turns a provider's answer into a `DeliveryOutcome`, reply code first.
///
/// libcurl's own result is ambiguous (55 is both "the server rejected RCPT" and
/// "the network broke"), so the peer's reply code decides whenever one arrived;
/// curl's code decides only when none did.
public enum ReplyClassifier {
    /// An SMTP attempt that failed (`curlCode` ≠ 0) or finished with `replyCode`.
    public static func smtp(replyCode: Int, curlCode: Int) -> DeliveryOutcome {
        if curlCode == 0, (200..<400).contains(replyCode) { return .delivered }
        switch replyCode {
        case 421, 450, 451, 452, 454: return .transient
        case 550, 551, 553: return .permanentRecipient
        case 552, 554: return .permanentMessage
        case 530, 534, 535, 538: return .channelFault
        case 400..<500: return .transient
        case 500..<600: return .permanentMessage
        default:
            // A stale 2xx/3xx from an earlier command, or none: the connection failed.
            return network(curlCode: curlCode)
        }
    }

    /// An attempt that got no reply at all: TLS and login failures are channel faults,
    /// everything else (refused, reset, timed out) is transient.
    public static func network(curlCode: Int) -> DeliveryOutcome {
        CurlError.isConfigurationFault(curlCode: curlCode) ? .channelFault : .transient
    }

    /// Twilio-style error codes that mean "never this number": invalid, opted out, not mobile.
    public static let recipientProviderCodes: Set<Int> = [21211, 21610, 21614]

    /// An HTTP answer from an SMS provider.
    /// - Parameters:
    ///   - providerCode: the provider's own error code from the body, if any.
    ///   - retryAfter: the `Retry-After` header, seconds or an HTTP date (read only for a 429).
    public static func http(status: Int, providerCode: Int?, retryAfter: @autoclosure () -> String?, now: Date) -> DeliveryOutcome {
        if let providerCode, recipientProviderCodes.contains(providerCode) { return .permanentRecipient }
        switch status {
        case 200..<300: return .delivered
        case 429: return .snooze(retryDelay(retryAfter(), now: now))
        case 401, 403: return .channelFault
        case 408: return .transient
        case 400..<500: return .permanentMessage
        default: return .transient
        }
    }

    /// `Retry-After` as a delay: delta-seconds or an IMF-fixdate, clamped to 1 s … 1 h;
    /// 30 s when absent or unreadable.
    public static func retryDelay(_ header: String?, now: Date) -> Duration {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return .seconds(30) }
        if let seconds = Int(header) { return .seconds(min(3600, max(1, seconds))) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return .seconds(30) }
        return .seconds(min(3600, max(1, Int(date.timeIntervalSince(now).rounded(.up)))))
    }
}
