import Foundation
public import HTTPServer

/// Cookies as the web surfaces read and set them.
public enum Cookies {
    /// A cookie's value from the request's `Cookie` headers, or nil.
    public static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value no script can read and no other site sends: `HttpOnly`,
    /// `SameSite=Strict`, and `Secure` when the surface is served over https.
    /// `maxAge` 0 deletes the cookie.
    public static func header(_ name: String, _ value: String, path: String = "/", maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
