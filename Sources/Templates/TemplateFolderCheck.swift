public import Foundation
import Vocabulary

/// Whether a folder of default templates can send every message: the
/// default locale's required parts of every kind and channel, and the
/// partials those templates include by name.
///
/// The daemon runs this at start (and `--check-config` with it): without it, a
/// missing or half-installed folder starts fine and then dead-letters every
/// message. Other locales are not required, since a missing one falls back
/// to the default locale. Syntax and variables are lint's job
/// (`booknowctl templates lint`), not this check's.
public struct TemplateFolderCheck: Sendable {
    public let root: URL
    public let defaultLocale: String

    public init(root: URL, defaultLocale: String = "en") {
        self.root = root
        self.defaultLocale = defaultLocale
    }

    /// What is wrong, or nil when the folder is complete.
    public enum Problem: Sendable, Equatable {
        /// The folder (or the default locale's folder in it) does not exist.
        case missingFolder(String)
        /// Files, relative to `folder` (`en/reminder.sms.text.mustache`), that must exist and do not.
        case missingFiles(folder: String, files: [String])
    }

    public func problem() -> Problem? {
        let localeFolder = root.appendingPathComponent(defaultLocale)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: localeFolder.path, isDirectory: &isFolder), isFolder.boolValue else {
            let exists = FileManager.default.fileExists(atPath: root.path)
            return .missingFolder(exists ? localeFolder.path : root.path)
        }
        var required: Set<String> = []
        for kind in MessageKind.allCases {
            for channel in Channel.allCases {
                let request = TemplateRequest(kind: kind, channel: channel, locale: defaultLocale)
                required.formUnion(channel.requiredParts.map { request.name(of: $0) })
            }
        }
        // Partials reached from any template present, so an email whose HTML
        // part names a missing layout is caught too.
        var seen: Set<String> = []
        var pending = Array(required) + present(in: localeFolder)
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let text = read(name, in: localeFolder),
                  let template = try? MustacheTemplate(text) else { continue }
            let included = template.includedPartialNames
            required.formUnion(included)
            pending += included
        }
        let missing = required.filter { !FileManager.default.fileExists(atPath: file(for: $0, in: localeFolder).path) }
        return missing.isEmpty ? nil : .missingFiles(folder: root.path, files: missing.sorted().map { "\(defaultLocale)/\($0).\(TemplateFileName.fileExtension)" })
    }

    private func present(in folder: URL) -> [String] {
        let suffix = ".\(TemplateFileName.fileExtension)"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }
    }

    private func file(for name: String, in folder: URL) -> URL {
        folder.appendingPathComponent("\(name).\(TemplateFileName.fileExtension)")
    }

    private func read(_ name: String, in folder: URL) -> String? {
        try? String(contentsOf: file(for: name, in: folder), encoding: .utf8)
    }
}

extension TemplateFolderCheck.Problem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingFolder(let path): "the templates folder \(path) does not exist"
        case .missingFiles(let folder, let files):
            "the templates folder \(folder) is incomplete: \(files.count) file(s) missing: \(files.joined(separator: ", "))"
        }
    }
}
