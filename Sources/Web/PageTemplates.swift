public import Foundation
public import Templates

/// The pages' Mustache templates and texts, read once at start from
/// `templates/pages/`: one structural template per page, a layout around them,
/// and per language a texts file whose entries the templates include as
/// partials (`{{>book_title}}`), so a page's markup exists once and its words
/// once per language. Parsed templates are immutable and shared by every
/// server thread.
///
/// Layout of the folder:
/// - `layout.html.mustache` and `NAME.html.mustache`, one per page;
/// - `texts/LANG.texts`: `key = text` lines (`#` comments), each text a
///   Mustache template rendered with the page's context (escaped);
/// - `assets/`: the stylesheet and the script, served as they are.
public struct PageTemplates: Sendable {
    /// The languages pages are written in; the first is the fallback.
    public let languages: [String]
    private let pages: [String: MustacheTemplate]
    /// `_NAME.html.mustache`: pieces several pages include (`{{>_week}}`).
    private let fragments: [String: MustacheTemplate]
    private let texts: [String: [String: MustacheTemplate]]
    private let assets: [String: Asset]

    /// A static file served under `/assets/`.
    public struct Asset: Sendable {
        public let contentType: String
        public let body: [UInt8]
    }

    /// Reads and parses the whole folder.
    /// - Throws: `WebError` `pages_incomplete` naming the folder and what is
    ///   missing or broken, so the daemon refuses to start instead of failing
    ///   every page.
    /// - Parameter sharedAssets: where an asset the folder lacks is read from
    ///   (the business console wears the operator console's stylesheet).
    public init(directory: URL, sharedAssets: URL? = nil) throws(WebError) {
        let files = FileManager.default
        func read(_ relative: String) throws(WebError) -> String {
            let url = directory.appendingPathComponent(relative)
            guard let data = files.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw WebError(.pagesIncomplete, "\(url.path) is missing or not UTF-8")
            }
            return text
        }
        func parse(_ source: String, _ name: String) throws(WebError) -> MustacheTemplate {
            do { return try MustacheTemplate(source) } catch {
                throw WebError(.pagesIncomplete, "\(directory.path)/\(name): \(error)")
            }
        }
        var pages: [String: MustacheTemplate] = [:]
        let pageFiles = ((try? files.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".html.mustache") }
        for file in pageFiles.sorted() {
            pages[String(file.dropLast(".html.mustache".count))] = try parse(try read(file), file)
        }
        guard pages["layout"] != nil else { throw WebError(.pagesIncomplete, "\(directory.path)/layout.html.mustache is missing") }
        var texts: [String: [String: MustacheTemplate]] = [:]
        let textFiles = ((try? files.contentsOfDirectory(atPath: directory.appendingPathComponent("texts").path)) ?? [])
            .filter { $0.hasSuffix(".texts") }.sorted()
        for file in textFiles {
            var entries: [String: MustacheTemplate] = [:]
            for (number, line) in try read("texts/\(file)").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard let equals = trimmed.firstIndex(of: "=") else {
                    throw WebError(.pagesIncomplete, "\(directory.path)/texts/\(file):\(number + 1): expected 'key = text'")
                }
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                entries[key] = try parse(trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces),
                                         "texts/\(file):\(number + 1)")
            }
            texts[String(file.dropLast(".texts".count))] = entries
        }
        guard let english = texts["en"] else { throw WebError(.pagesIncomplete, "\(directory.path)/texts/en.texts is missing") }
        // Every language says everything English says: a missing text would render as nothing.
        for (language, entries) in texts where language != "en" {
            if let missing = Set(english.keys).subtracting(entries.keys).sorted().first {
                throw WebError(.pagesIncomplete, "\(directory.path)/texts/\(language).texts has no '\(missing)'")
            }
        }
        var assets: [String: Asset] = [:]
        for (name, type) in [("site.css", "text/css; charset=utf-8"), ("site.js", "text/javascript; charset=utf-8")] {
            let own = directory.appendingPathComponent("assets/\(name)")
            if let sharedAssets, !files.fileExists(atPath: own.path),
               let data = files.contents(atPath: sharedAssets.appendingPathComponent(name).path) {
                assets[name] = Asset(contentType: type, body: Array(data))
            } else {
                assets[name] = Asset(contentType: type, body: Array(try read("assets/\(name)").utf8))
            }
        }
        self.pages = pages.filter { !$0.key.hasPrefix("_") }
        fragments = pages.filter { $0.key.hasPrefix("_") }
        self.texts = texts
        self.assets = assets
        self.languages = ["en"] + texts.keys.filter { $0 != "en" }.sorted()
    }

    /// The page `name` rendered in `language` inside the layout.
    /// - Precondition: the page exists (a handler names its own template).
    public func render(_ name: String, language: String, context: [String: MustacheValue]) -> String {
        guard let page = pages[name], let layout = pages["layout"] else { preconditionFailure("no page template '\(name)'") }
        let partials = (texts[language] ?? texts["en"] ?? [:]).merging(fragments) { text, _ in text }
        var values = context
        values["lang"] = .string(language)
        // Rendering a shipped template within the default bounds; the body is
        // HTML this engine escaped, so the layout includes it unescaped.
        let body = (try? page.render(.dictionary(MustacheObject(values)), partials: partials)) ?? ""
        values["body"] = .string(body)
        return (try? layout.render(.dictionary(MustacheObject(values)), partials: partials)) ?? body
    }

    /// The fragment `name` (`_NAME.html.mustache`) rendered alone, without the
    /// layout: what a page's script fetches to refresh one part of it.
    /// - Precondition: the fragment exists.
    public func renderFragment(_ name: String, language: String, context: [String: MustacheValue]) -> String {
        guard let fragment = fragments[name] else { preconditionFailure("no fragment template '\(name)'") }
        let partials = (texts[language] ?? texts["en"] ?? [:]).merging(fragments) { text, _ in text }
        var values = context
        values["lang"] = .string(language)
        return (try? fragment.render(.dictionary(MustacheObject(values)), partials: partials)) ?? ""
    }

    /// One text in `language`, rendered with `context` (for titles and headers outside a page).
    public func text(_ key: String, language: String, context: [String: MustacheValue] = [:]) -> String {
        guard let template = texts[language]?[key] ?? texts["en"]?[key] else { return key }
        return (try? template.render(.dictionary(MustacheObject(context)), options: RenderOptions(escaping: .none))) ?? key
    }

    public func asset(_ name: String) -> Asset? { assets[name] }

    /// Every page template's name, for tests that visit them all.
    public var pageNames: [String] { pages.keys.filter { $0 != "layout" }.sorted() }
}
