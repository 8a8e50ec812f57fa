/// The Prometheus text exposition format, version 0.0.4.
///
/// Separate from the registry so the escaping rules, which are easy to get
/// subtly wrong, are in one place and tested on their own.
enum PrometheusText {
    /// The `Content-Type` of a scrape response.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func isMetricName(_ name: String) -> Bool {
        isName(name, extra: ":")
    }

    static func isLabelName(_ name: String) -> Bool {
        isName(name, extra: "") && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, extra: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || extra.contains(first) else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || extra.contains($0)) }
    }

    /// `a="x",b="y"` with names sorted, values escaped; empty for no labels.
    static func labelSet(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
    }

    /// Label values escape backslash, double quote and newline.
    static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// HELP text escapes backslash and newline only.
    static func escapeHelp(_ help: String) -> String {
        help.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// Integers without a fraction, `+Inf`/`-Inf`/`NaN` as Prometheus spells them, else shortest round-trip form.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// `name{labels} value`, joining extra labels (such as `le`) after the series' own.
    static func sample(_ name: String, _ labels: String, extra: String = "", _ value: String) -> String {
        let all = [labels, extra].filter { !$0.isEmpty }.joined(separator: ",")
        return all.isEmpty ? "\(name) \(value)\n" : "\(name){\(all)} \(value)\n"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
