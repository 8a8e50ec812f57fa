import Foundation

/// The rule for a service's description, shared by the admin API and the
/// console so both accept exactly what the schema's CHECK does (and a little
/// less: C1 control characters too are refused here).
///
/// Plain text a customer reads on the booking page and in messages: line
/// breaks allowed (a form's CR LF becomes LF), no other control character,
/// 1 to 1,000 characters once the surrounding white space is trimmed.
public enum ServiceDescription {
    public static let maxLength = 1000

    /// The description as stored, or nil when `text` is blank, too long or
    /// holds a control character other than a line break.
    public static func normalized(_ text: String) -> String? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let trimmed = lines.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maxLength).contains(trimmed.unicodeScalars.count),
              !trimmed.unicodeScalars.contains(where: { $0 != "\n" && $0.properties.generalCategory == .control }) else { return nil }
        return trimmed
    }
}
