import Foundation
import Scheduling

extension Context {
    /// Who is acting, as the queue records it (`paused_by`, the replay's history
    /// row): the user behind `sudo` first, since that is the person, not root.
    var actor: String {
        for name in ["SUDO_USER", "USER"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return "booknowctl"
    }
}

/// How the queue commands show times and durations to people.
enum HumanText {
    /// `2024-05-01T10:00:00Z`: unambiguous, and what `--since` accepts back.
    static func text(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(.iso8601)
    }

    /// `850 ms`, `12.5 s`, `4 min 10 s`, `2 h 5 min`: precise when small, short when large.
    static func duration(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

extension Arguments {
    /// Removes `--since TIME`: a date-time as `TypedInstant` reads it, or a date meaning its midnight UTC.
    mutating func since() throws -> Date? {
        guard let text = try option("--since") else { return nil }
        guard let date = TypedInstant.parse(text) else {
            throw CLIError(.usage, "--since takes an ISO 8601 time such as 2024-05-01T09:00:00Z or a date such as 2024-05-01, not '\(text)'")
        }
        return date
    }

    /// Removes `--limit N`, a positive count.
    mutating func limit() throws -> Int? {
        guard let text = try option("--limit") else { return nil }
        guard let limit = Int(text), limit > 0 else { throw CLIError(.usage, "--limit takes a positive count, not '\(text)'") }
        return limit
    }

    /// Removes every remaining positional word as a job id (a positive integer).
    mutating func jobIDs() throws -> [Int64] {
        var ids: [Int64] = []
        while words.contains(where: { !$0.hasPrefix("--") }) {
            let text = try positional("ID")
            guard let id = Int64(text), id > 0 else { throw CLIError(.usage, "a job id is a positive integer, not '\(text)'") }
            ids.append(id)
        }
        return ids
    }
}
