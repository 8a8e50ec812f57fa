import Foundation

/// How the console writes times and durations: UTC, to the second, the same
/// spelling `booknowctl` prints and the filters accept back.
enum ConsoleText {
    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static func time(_ date: Date?) -> String { date.map(time) ?? "–" }

    /// `850 ms`, `12.5 s`, `4 min 10 s`, `2 h 5 min`.
    static func duration(seconds: Double) -> String {
        if seconds <= 0 { return "0 s" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
