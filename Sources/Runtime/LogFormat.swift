/// Quoting rules of the `key=value` log format (logfmt).
///
/// One event must stay one line, or journald and `grep` split it: newlines
/// and other control characters are escaped, and values with blanks, `=`
/// or quotes are quoted.
enum LogFormat {
    /// A value, bare when that is unambiguous and quoted otherwise.
    static func value(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains {
            $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F
        }
        return needsQuotes ? quoted(text) : text
    }

    /// Always quoted, with `\"`, `\\`, `\n`, `\r`, `\t` and `\u{XX}` escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A key with anything but letters, digits, `_`, `.` and `-` replaced by `_`.
    static func key(_ text: String) -> String {
        let cleaned = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "_" })
        return cleaned.isEmpty ? "_" : cleaned
    }
}
