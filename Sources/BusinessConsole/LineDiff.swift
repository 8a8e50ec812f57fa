/// A line diff of two texts: the longest common subsequence of their lines,
/// then each line kept, removed or added, in order. Quadratic in the line
/// counts, so texts past `maxCells` line pairs are not compared (a template
/// body is at most 100,000 characters; the bound keeps one request's memory
/// to a few megabytes whatever was stored).
struct LineDiff {
    enum Change: Equatable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    static let maxCells = 1_000_000

    /// The changes from `old` to `new`, or nil when they are too long to compare.
    static func lines(from old: String, to new: String) -> [Change]? {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard (a.count + 1) * (b.count + 1) <= maxCells else { return nil }
        // lengths[i][j]: the common subsequence of a[i...] and b[j...], in one flat array.
        let width = b.count + 1
        var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] = a[i] == b[j] ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var changes: [Change] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                changes.append(.kept(a[i])); i += 1; j += 1
            } else if j < b.count, i == a.count || lengths[i * width + j + 1] > lengths[(i + 1) * width + j] {
                changes.append(.added(b[j])); j += 1
            } else {
                changes.append(.removed(a[i])); i += 1
            }
        }
        return changes
    }
}
