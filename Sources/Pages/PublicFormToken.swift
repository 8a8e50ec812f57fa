import Crypto
import Foundation
import HTTPServer
import Web

/// The token of a public form (`/book/{slug}`), which has no session and no link token.
///
/// `issued.browser.form.signature`: the signature (the pages' HMAC) binds the
/// slug, the time the form was shown, a random value also set as the
/// browser's `booknow_browser` cookie (double submit: another site can make a
/// browser post, but cannot read or set this cookie), and a random value of
/// the form itself, which is also the booking's idempotency key — a double
/// click books once, even with provider "anyone".
struct PublicFormToken {
    static let cookieName = "booknow_browser"
    /// How long a shown form may be submitted.
    static let lifetime: TimeInterval = 24 * 3600

    let issued: Int
    let browser: String
    let form: String

    /// A new token for a form on `slug`, reusing the browser's cookie value when it has one.
    static func make(browser: String?, now: Date) -> PublicFormToken {
        let random = { (try? SecureRandom.token()) ?? UUID().uuidString }
        let browser = browser.flatMap { isRandom($0) ? $0 : nil } ?? random()
        return PublicFormToken(issued: Int(now.timeIntervalSince1970), browser: browser, form: random())
    }

    func text(slug: String, guard forms: FormGuard) -> String {
        "\(issued).\(browser).\(form).\(forms.token(for: subject(slug)))"
    }

    private func subject(_ slug: String) -> String { "book:\(slug):\(issued):\(browser):\(form)" }

    /// The token a POST carries, when it is genuine: signed for this slug,
    /// not older than `lifetime`, and its browser value equal to the cookie's.
    static func verify(_ text: String?, slug: String, cookie: String?, guard forms: FormGuard, now: Date) -> PublicFormToken? {
        let parts = (text ?? "").split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let issued = Int(parts[0]) else { return nil }
        let token = PublicFormToken(issued: issued, browser: parts[1], form: parts[2])
        guard forms.isValid(parts[3], for: token.subject(slug)),
              let cookie, ConstantTime.equals(Array(cookie.utf8), Array(token.browser.utf8)),
              now.timeIntervalSince1970 - Double(issued) < lifetime, Double(issued) <= now.timeIntervalSince1970 + 60
        else { return nil }
        return token
    }

    /// The `Set-Cookie` value: readable by no script, sent by no other site.
    func cookie(secure: Bool) -> String {
        "\(Self.cookieName)=\(browser); Path=/book; Max-Age=31536000; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    private static func isRandom(_ text: String) -> Bool {
        (16...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// A cookie's value from the request's `Cookie` header.
    static func cookie(_ name: String, in request: Request) -> String? {
        Cookies.value(name, in: request)
    }
}
