import Foundation

extension TemplateLinter {
    /// Lints template files and folders, as `booknowctl templates lint PATH…`
    /// does. A folder is searched for `*.mustache` files; each file is
    /// checked together with its siblings (partials, the other parts of its
    /// set); the folder name is the locale used for sample data.
    ///
    /// Returns problems sorted by file and position; print them with
    /// `description` (`file:line:column: severity: message`) and exit
    /// non-zero when `hasErrors`.
    public func lint(paths: [String]) -> [LintProblem] {
        var problems: [LintProblem] = []
        var byFolder: [String: Set<String>] = [:]
        for path in paths {
            for file in expand(path, problems: &problems) {
                let url = URL(fileURLWithPath: file)
                byFolder[url.deletingLastPathComponent().path, default: []].insert(url.deletingPathExtension().lastPathComponent)
            }
        }
        for (folder, names) in byFolder {
            let sources = readFolder(folder, problems: &problems)
            let locale = URL(fileURLWithPath: folder).lastPathComponent
            problems += lint(sources, locale: locale, reporting: names.intersection(sources.keys))
        }
        return problems.sorted { ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message) }
    }

    /// Template files named by `path`: the file itself, or every
    /// `*.mustache` below a folder.
    private func expand(_ path: String, problems: inout [LintProblem]) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            problems.append(LintProblem(.error, file: path, "no such file or folder"))
            return []
        }
        guard isFolder.boolValue else {
            guard path.hasSuffix(".\(TemplateFileName.fileExtension)") else {
                problems.append(LintProblem(.error, file: path, "not a template: names end in .\(TemplateFileName.fileExtension)"))
                return []
            }
            return [path]
        }
        let root = URL(fileURLWithPath: path)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [String] = []
        while let url = walker?.nextObject() as? URL {
            // templates/pages, ops and console hold the web surfaces' templates, which are not messages.
            if Self.webFolders.contains(url.lastPathComponent) { walker?.skipDescendants(); continue }
            if url.pathExtension == TemplateFileName.fileExtension { files.append(url.path) }
        }
        return files.sorted()
    }

    /// The folders of a templates directory that hold pages, not messages.
    static let webFolders: Set<String> = ["pages", "ops", "console"]

    /// Every template in `folder`, by name.
    private func readFolder(_ folder: String, problems: inout [LintProblem]) -> [String: TemplateSource] {
        var sources: [String: TemplateSource] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for entry in entries where entry.hasSuffix(".\(TemplateFileName.fileExtension)") {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(entry).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append(LintProblem(.error, file: path, "cannot read the file as UTF-8"))
                continue
            }
            let name = String(entry.dropLast(TemplateFileName.fileExtension.count + 1))
            sources[name] = TemplateSource(text: text, origin: path)
        }
        return sources
    }
}
