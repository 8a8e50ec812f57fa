/// HTML escaping for interpolated values in HTML parts.
///
/// Escapes the five characters that matter in element content and in
/// quoted attributes. The single quote is escaped too (beyond the Mustache
/// spec's four) because admins write `href='{{links.cancel}}'` as often as
/// double quotes.
enum HTMLEscaping {
    static func append(_ value: String, to output: inout String) {
        guard value.utf8.contains(where: needsEscape) else {
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    static func escape(_ value: String) -> String {
        var output = ""
        append(value, to: &output)
        return output
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
