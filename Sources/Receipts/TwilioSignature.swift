import Crypto
import HTTPServer
import Foundation

/// Twilio's request signature (`X-Twilio-Signature`).
///
/// Base64 of HMAC-SHA1 under the account's auth token, over the full URL
/// Twilio posted to followed by every POST parameter, sorted by name (then
/// value), as name and value concatenated. The URL is the one configured as
/// public, not the one this daemon sees: behind a proxy the two differ.
enum TwilioSignature {
    /// The signature Twilio would send for `form` posted to `url`.
    static func expected(url: String, form: FormBody, authToken: String) -> String {
        let sorted = form.pairs.sorted { lhs, rhs in
            lhs.name == rhs.name
                ? Array(lhs.value.utf8).lexicographicallyPrecedes(Array(rhs.value.utf8))
                : Array(lhs.name.utf8).lexicographicallyPrecedes(Array(rhs.name.utf8))
        }
        var message = Array(url.utf8)
        for pair in sorted { message += Array(pair.name.utf8) + Array(pair.value.utf8) }
        return Data(HMAC.sha1(key: Array(authToken.utf8), message: message)).base64EncodedString()
    }

    /// Whether `header` is the signature of `form` posted to `url`, compared in constant time.
    static func isValid(_ header: String?, url: String, form: FormBody, authToken: String) -> Bool {
        guard let header else { return false }
        return ConstantTime.equals(Array(header.utf8), Array(expected(url: url, form: form, authToken: authToken).utf8))
    }
}
