import Foundation

/// One continuous stretch of working hours, built from the weekly rules of one
/// or more local dates, and the wall-clock point its slot grid starts from.
struct WorkingWindow: Sendable {
    /// The instants the provider works, start inclusive, end exclusive.
    let interval: Range<Date>
    /// Local seconds (`WallClock`) of the rule start the grid is anchored at.
    let anchor: Int64

    /// Windows for the rules applying on `dates`, merged where they overlap or
    /// touch; a merged window keeps the anchor of its earliest part.
    static func windows(rules: [AvailabilityRule], dates: ClosedRange<LocalDate>, clock: WallClock) -> [WorkingWindow] {
        var parts: [WorkingWindow] = []
        var resolver = WallClock.Resolver(clock)
        for dayNumber in dates.lowerBound.dayNumber...dates.upperBound.dayNumber {
            let date = LocalDate(dayNumber: dayNumber)
            for rule in rules where rule.applies(on: date) {
                let start = WallClock.localSeconds(date, rule.start)
                let interval = resolver.boundary(localSeconds: start)..<resolver.boundary(localSeconds: WallClock.localSeconds(date, rule.end))
                if !interval.isEmpty { parts.append(WorkingWindow(interval: interval, anchor: start)) }
            }
        }
        parts.sort { $0.interval.lowerBound < $1.interval.lowerBound }
        var merged: [WorkingWindow] = []
        for part in parts {
            if let last = merged.last, part.interval.lowerBound <= last.interval.upperBound {
                let end = max(last.interval.upperBound, part.interval.upperBound)
                merged[merged.count - 1] = WorkingWindow(interval: last.interval.lowerBound..<end, anchor: last.anchor)
            } else {
                merged.append(part)
            }
        }
        return merged
    }

    /// The grid's start instants in this window, in order: anchor + k × step on
    /// the wall clock, skipping local times the clocks jumped over and taking
    /// the earlier offset for repeated ones. Stops once a start reaches `limit`.
    func gridStarts(step: Int64, clock: WallClock, until limit: Date) -> [Date] {
        var starts: [Date] = []
        var local = anchor
        var resolver = WallClock.Resolver(clock)
        while true {
            defer { local += step }
            switch resolver.resolve(localSeconds: local) {
            case .unique(let start), .ambiguous(earlier: let start, later: _):
                if start >= limit || start >= interval.upperBound { return starts }
                starts.append(start)
            case .skipped(let jump):
                if jump >= interval.upperBound { return starts }
            }
        }
    }

    /// Whether `start` is one of this window's grid points.
    func isOnGrid(_ start: Date, step: Int64, clock: WallClock) -> Bool {
        let local = clock.localSeconds(of: start)
        guard local >= anchor, (local - anchor) % step == 0, start.timeIntervalSince1970.rounded(.down) == start.timeIntervalSince1970 else {
            return false
        }
        return clock.instant(localSeconds: local) == start
    }
}
