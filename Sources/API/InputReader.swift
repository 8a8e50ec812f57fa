import Booking
import Foundation

/// Reads and validates the fields of a JSON object or a query string,
/// collecting one message per bad field instead of stopping at the first,
/// so a client learns everything to fix from one answer.
///
/// Two kinds of problem: what openapi.yaml's schema
/// refuses (`fail`: 400 `invalid_request`) and what a rule beyond the schema
/// refuses (`refuse`: 422 with the rule's code); see `APIError.refusing`.
struct InputReader {
    let lookup: (String) -> Any?
    let prefix: String
    /// Every problem found, in reading order.
    private(set) var problems: [APIError.InputProblem] = []
    /// The fields at fault, schema and rule problems alike.
    var errors: [APIError.FieldError] { problems.map(\.error) }

    /// A JSON body, which must be an object (an empty body is an empty object).
    init(body: [UInt8]) throws {
        if body.isEmpty {
            self.init(lookup: { _ in nil }, prefix: "")
            return
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw APIError(status: 400, code: "invalid_json", title: "Bad Request", detail: "The body must be a JSON object.")
        }
        self.init(lookup: { object[$0] }, prefix: "")
    }

    init(lookup: @escaping (String) -> Any?, prefix: String) {
        self.lookup = lookup
        self.prefix = prefix
    }

    /// A value the schema refuses.
    mutating func fail(_ name: String, _ message: String) {
        problems.append(APIError.InputProblem(rule: nil, error: APIError.FieldError(field: prefix + name, message: message)))
    }

    /// A schema-valid value a rule refuses, with the rule's stable `code`.
    mutating func refuse(_ code: String, _ name: String, _ message: String) {
        problems.append(APIError.InputProblem(rule: code, error: APIError.FieldError(field: prefix + name, message: message)))
    }

    /// Whether nothing was refused yet, by the schema or a rule.
    var isClean: Bool { problems.isEmpty }

    /// Throws the collected problems as one answer, if any (`APIError.refusing`).
    func finish() throws {
        if let answer = APIError.refusing(problems) { throw answer }
    }

    /// A string of 1…`maxLength` characters without control characters,
    /// trimmed; nil (with an error when `required`) when absent or invalid.
    mutating func string(_ name: String, required: Bool, maxLength: Int = 200) -> String? {
        guard let raw = lookup(name), !(raw is NSNull) else {
            if required { fail(name, "is required") }
            return nil
        }
        guard let text = raw as? String else {
            fail(name, "must be a string")
            return nil
        }
        // JSON Schema's minLength and maxLength count Unicode scalars (code points).
        guard !text.isEmpty else {
            if required { fail(name, "must not be empty") }
            return nil
        }
        guard text.unicodeScalars.count <= maxLength else {
            fail(name, "must be at most \(maxLength) characters")
            return nil
        }
        let trimmed = Self.trimmed(text)
        guard !trimmed.isEmpty else {
            if required { refuse(Self.invalidText, name, "must not be blank") }
            return nil
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            refuse(Self.invalidText, name, "must not contain control characters")
            return nil
        }
        return trimmed
    }

    /// A string that must also match `format`, whose `message` says what is
    /// expected: a schema refusal when the schema states the format exactly
    /// (a pattern), else the format's rule.
    mutating func string(_ name: String, required: Bool, format: InputFormat) -> String? {
        guard let text = string(name, required: required, maxLength: format.maxLength) else { return nil }
        guard format.matches(text) else {
            if let code = format.ruleCode { refuse(code, name, format.message) } else { fail(name, format.message) }
            return nil
        }
        return text
    }

    /// The rule code of text that is blank or holds control characters, which
    /// the schema's plain strings allow.
    static let invalidText = "invalid_text"

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation's
    /// bridging when neither end is whitespace (nearly always: a request's
    /// ids, dates and keys).
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    mutating func bool(_ name: String, default value: Bool) -> Bool {
        guard let raw = lookup(name), !(raw is NSNull) else { return value }
        // JSONSerialization gives JSON booleans their own NSNumber subclass; the
        // numbers 0 and 1 would also cast to Bool, so the class is checked.
        guard let flag = raw as? Bool, String(describing: type(of: raw)).contains("Boolean") else {
            fail(name, "must be true or false")
            return value
        }
        return flag
    }

    mutating func uuid(_ name: String) -> UUID? {
        guard let text = string(name, required: true, maxLength: 36) else { return nil }
        guard let id = UUID(uuidString: text) else {
            fail(name, "must be an id (a UUID)")
            return nil
        }
        return id
    }

    /// A provider id, or `any` (also the default when absent): nil means any.
    /// The schema's pattern says the same, so anything else is a schema refusal.
    mutating func provider(_ name: String) -> UUID?? {
        guard let text = string(name, required: false, maxLength: 36), text != "any" else { return .some(nil) }
        guard let id = UUID(uuidString: text) else {
            fail(name, "must be a provider id or 'any'")
            return nil
        }
        return .some(id)
    }

    /// An RFC 3339 instant with a zone: `2026-12-01T14:00:00Z` or `…-05:00`,
    /// in the years 1900 to 9999 (a rule: the schema's date-time allows more).
    mutating func instant(_ name: String) -> Date? {
        guard let text = string(name, required: true, maxLength: 40) else { return nil }
        switch InputFormat.instantReading(text) {
        case .instant(let date): return date
        case .outOfRange: refuse(InputFormat.dateOutOfRange, name, InputFormat.instantMessage)
        case .malformed: fail(name, InputFormat.instantMessage)
        }
        return nil
    }

    /// An IANA zone name, such as Europe/London: the schema says a string, the
    /// zone database says which (a rule, `unknown_time_zone`).
    mutating func timeZone(_ name: String) -> TimeZone? {
        guard let text = string(name, required: false, maxLength: 64) else { return nil }
        guard TimeZoneNames.isKnown(text), let zone = TimeZone(identifier: text) else {
            refuse(InputFormat.unknownTimeZone, name, InputFormat.timeZoneMessage)
            return nil
        }
        return zone
    }

    /// A nested object, read with the field names prefixed (`customer.email`).
    mutating func object(_ name: String) -> InputReader? {
        guard let raw = lookup(name), !(raw is NSNull) else {
            fail(name, "is required")
            return nil
        }
        guard let object = raw as? [String: Any] else {
            fail(name, "must be an object")
            return nil
        }
        return InputReader(lookup: { object[$0] }, prefix: prefix + name + ".")
    }

    /// Takes over a nested reader's errors and refusals.
    mutating func absorb(_ nested: InputReader) {
        problems += nested.problems
    }
}

extension InputReader {
    /// A JSON whole number of at least 1.
    mutating func positiveInteger(_ name: String) -> Int? {
        guard let raw = lookup(name), !(raw is NSNull) else {
            fail(name, "is required")
            return nil
        }
        guard let value = AdminField.integer(raw, 1...Int(Int32.max)) else {
            fail(name, "must be a whole number of at least 1")
            return nil
        }
        return value
    }
}
