import Foundation

/// Sorted, disjoint half-open intervals, merged where they overlap or touch,
/// answering "does this interval overlap any?" by binary search.
struct IntervalSet: Sendable {
    private(set) var ranges: [Range<Date>]

    init(_ ranges: some Sequence<Range<Date>>) {
        var merged: [Range<Date>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Whether `range` shares any instant with the set (touching is not overlapping).
    func overlaps(_ range: Range<Date>) -> Bool {
        guard let index = firstIndex(endingAfter: range.lowerBound) else { return false }
        return ranges[index].lowerBound < range.upperBound
    }

    /// The index of the first interval whose end is after `instant`.
    private func firstIndex(endingAfter instant: Date) -> Int? {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= instant { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count ? low : nil
    }
}
