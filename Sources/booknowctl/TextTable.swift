/// Rows printed as aligned columns for people; `--json` is for scripts.
struct TextTable {
    let header: [String]
    /// Columns aligned to the right (counts), by index.
    var numeric: Set<Int> = []
    private(set) var rows: [[String]] = []

    init(_ header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a table row has one cell per column")
        rows.append(row)
    }

    /// The header and every row, columns padded to their widest cell, two spaces apart.
    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return numeric.contains(column) ? padding + row[column] : row[column] + padding
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces()
        }
        .joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
