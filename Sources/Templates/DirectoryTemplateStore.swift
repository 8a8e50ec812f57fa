public import Foundation

/// The shipped default templates: `<root>/<locale>/<name>.mustache`.
///
/// Answers only for the defaults (`business == nil`). Locale and name are
/// checked against a strict alphabet before touching the file system: the
/// locale comes from customer data, and must never walk out of `root`.
public struct DirectoryTemplateStore: TemplateStore {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource? {
        guard business == nil, Self.isSafe(locale, allowingDots: false), Self.isSafe(name, allowingDots: true) else {
            return nil
        }
        let url = root.appendingPathComponent(locale).appendingPathComponent("\(name).mustache")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return TemplateSource(text: try String(contentsOf: url, encoding: .utf8), origin: url.path)
        } catch {
            throw TemplateError(.unreadable, "cannot read template: \(error.localizedDescription)", file: url.path)
        }
    }

    /// Letters, digits, `_` and `-` (and `.` inside names), never `..`.
    static func isSafe(_ component: String, allowingDots: Bool) -> Bool {
        guard !component.isEmpty, !component.hasPrefix("."), !component.contains("..") else { return false }
        return component.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
            case ".": allowingDots
            default: false
            }
        }
    }
}
