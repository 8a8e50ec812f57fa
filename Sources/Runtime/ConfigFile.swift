/// The syntax of a configuration file, without meaning: sections and
/// `key = value` lines with their line numbers.
///
/// Kept apart from `Config` so the documentation test can read
/// `config/booknowd.conf` exactly as the daemon does.
public struct ConfigFile: Sendable {
    /// One `key = value` line.
    public struct Entry: Sendable, Equatable {
        public let section: String
        public let name: String
        /// The text after `=`, trimmed.
        public let value: String
        /// 1-based line number.
        public let line: Int

        public var dotted: String { "\(section).\(name)" }
    }

    /// One `[section]` line.
    public struct Header: Sendable, Equatable {
        public let section: String
        public let line: Int
    }

    /// The file name used in error locations.
    public let path: String
    /// Section headers in file order, so an unknown section is reported even when it is empty.
    public let headers: [Header]
    /// Entries in file order.
    public let entries: [Entry]

    /// Parses `text`; `path` only labels errors.
    ///
    /// `#` starts a comment only at the beginning of a line (after blanks), so
    /// values may contain `#`. Syntax errors throw `malformedLine` with
    /// `FILE:LINE`; unknown keys are `Config`'s business, not this parser's.
    public init(parsing text: String, path: String) throws(RuntimeError) {
        var section: String?
        var entries: [Entry] = []
        var headers: [Header] = []
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would glue CRLF lines together.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, raw) in lines.enumerated() {
            let line = raw.trimmingBlanks()
            let location = "\(path):\(offset + 1)"
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw RuntimeError(.malformedLine, "'\(line)' is missing ']'", location: location) }
                let name = line.dropFirst().dropLast().trimmingBlanks()
                guard ConfigKey.isIdentifier(name) else {
                    throw RuntimeError(.malformedLine, "'\(line)' is not a valid section name", location: location)
                }
                section = String(name)
                headers.append(Header(section: String(name), line: offset + 1))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw RuntimeError(.malformedLine, "expected 'key = value', '[section]' or '# comment'", location: location)
            }
            let name = line[..<equals].trimmingBlanks()
            let value = line[line.index(after: equals)...].trimmingBlanks()
            guard ConfigKey.isIdentifier(name) else {
                throw RuntimeError(.malformedLine, "'\(name)' is not a valid key name", location: location)
            }
            guard let section else {
                throw RuntimeError(.malformedLine, "key '\(name)' comes before any [section]", location: location)
            }
            entries.append(Entry(section: section, name: String(name), value: String(value), line: offset + 1))
        }
        self.path = path
        self.headers = headers
        self.entries = entries
    }
}

extension StringProtocol where SubSequence == Substring {
    /// Drops spaces, tabs and a trailing carriage return (files edited on Windows).
    func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        let start = firstIndex { !isBlank($0) } ?? endIndex
        let end = self[start...].lastIndex { !isBlank($0) }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
