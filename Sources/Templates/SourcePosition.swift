/// Converts byte offsets into the 1-based line and column people read.
///
/// Columns count Unicode scalars, so an accented letter is one column, as
/// editors show it.
enum SourcePosition {
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }

    static func lineAndColumn(of offset: Int, in source: String) -> (line: Int, column: Int) {
        lineAndColumn(of: offset, in: Array(source.utf8))
    }
}
