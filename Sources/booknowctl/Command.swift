/// One `booknowctl` command: its name, one line for the command list, its
/// usage text for `--help`, and what it does.
struct Command: Sendable {
    let name: String
    let summary: String
    let usage: String
    let run: @Sendable (inout Arguments, Context) throws -> Void
}

/// The words after the command name, consumed as options are read.
struct Arguments {
    private(set) var words: [String]

    init(_ words: [String]) { self.words = words }

    var isEmpty: Bool { words.isEmpty }

    /// Removes `--flag` if present.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// Removes `--name VALUE` and returns VALUE, or nil when absent.
    mutating func option(_ name: String) throws -> String? {
        guard let index = words.firstIndex(of: name) else { return nil }
        guard index + 1 < words.count, !words[index + 1].hasPrefix("--") else {
            throw CLIError(.usage, "\(name) needs a value")
        }
        let value = words[index + 1]
        words.removeSubrange(index...(index + 1))
        return value
    }

    /// Removes and returns the next positional word.
    mutating func positional(_ what: String) throws -> String {
        guard let index = words.firstIndex(where: { !$0.hasPrefix("--") }) else {
            throw CLIError(.usage, "missing \(what)")
        }
        return words.remove(at: index)
    }

    /// Fails on anything not consumed, so a typo never passes silently.
    func finish() throws {
        if let extra = words.first { throw CLIError(.usage, "unexpected argument '\(extra)'") }
    }
}
