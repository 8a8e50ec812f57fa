import Foundation

/// A job's payload as the console shows it: top-level fields, with anything
/// that could be a secret, contact data or a message body replaced by a mark.
/// Payloads of this project's kinds carry ids and words like `reminder`; the
/// list of hidden names guards against a future kind that carries more.
enum PayloadView {
    /// Words of field names whose values are never shown (`to`, `email_body`, `sms_text`, `api_key`).
    static let hidden: Set<String> = ["body", "text", "html", "subject", "content", "token", "secret", "password", "key",
                                      "recipient", "email", "phone", "address", "to", "name", "note", "reply"]

    static func isHidden(_ field: String) -> Bool {
        field.lowercased().split(whereSeparator: { !$0.isLetter }).contains { hidden.contains(String($0)) }
    }

    /// (field, shown value) pairs in name order; a payload that is not a JSON object shows nothing.
    static func fields(_ payload: String) -> [(name: String, value: String)] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] else { return [] }
        return object.keys.sorted().map { name in
            if isHidden(name) { return (name, "•••") }
            return (name, describe(object[name] as Any))
        }
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        case is NSNull: return "null"
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\($0): " + (isHidden($0) ? "•••" : describe(object[$0] as Any)) }.joined(separator: ", ") + "}"
        case let list as [Any]: return "[" + list.map(describe).joined(separator: ", ") + "]"
        default: return "•••"
        }
    }
}
