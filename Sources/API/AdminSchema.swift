import Foundation

/// The fields of one admin resource, and how a JSON body becomes the JSON
/// object of column values its `AdminTable` statements read.
///
/// Every problem is collected (one answer names every bad field), unknown
/// fields are refused rather than ignored (a typo must not silently do
/// nothing), and `finish` may combine fields (two instants into a range).
struct AdminSchema: Sendable {
    let resource: String
    let fields: [AdminField]
    /// Adjusts the column values after the fields were read: gets the values,
    /// whether this is a create, and a way to report a rule a field breaks
    /// (the rule's code, the field, the message).
    var finish: @Sendable (inout [String: any Sendable], Bool, (String, String, String) -> Void) -> Void = { _, _, _ in }

    /// The column values of a create (`isCreate`) or a change, as a JSON object.
    /// - Throws: `APIError` 400 for a body that is not a JSON object or that
    ///   the schema refuses (naming each bad field), else 422 with the code of
    ///   the first rule broken.
    func read(_ body: [UInt8], isCreate: Bool, extra: [String: any Sendable] = [:]) throws -> String {
        let object = try Self.object(body)
        var problems: [APIError.InputProblem] = []
        func fail(_ field: String, _ message: String) { problems.append(APIError.InputProblem(rule: nil, error: APIError.FieldError(field: field, message: message))) }
        var columns = extra
        for name in object.keys.sorted() where !fields.contains(where: { $0.name == name }) {
            fail(name, "is not a field of \(resource)")
        }
        for field in fields {
            guard let raw = object[field.name] else {
                if isCreate, field.required { fail(field.name, "is required") }
                if isCreate, !field.required, let fallback = field.fallback { columns[field.column] = fallback }
                continue
            }
            if !isCreate && field.createOnly {
                fail(field.name, "cannot be changed; delete and create instead")
                continue
            }
            if raw is NSNull {
                if field.nullable { columns[field.column] = NSNull() } else {
                    fail(field.name, "must not be null")
                }
                continue
            }
            switch field.convert(raw) {
            case .success(let value): columns[field.column] = value
            case .failure(let failure):
                problems.append(APIError.InputProblem(rule: failure.rule, error: APIError.FieldError(field: field.name, message: failure.message)))
            }
        }
        if problems.isEmpty {
            finish(&columns, isCreate) { problems.append(APIError.InputProblem(rule: $0, error: APIError.FieldError(field: $1, message: $2))) }
        }
        if let answer = APIError.refusing(problems) { throw answer }
        return Self.json(columns)
    }

    /// The body as a JSON object; an empty body is an empty object.
    static func object(_ body: [UInt8]) throws -> [String: Any] {
        if body.isEmpty { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw APIError(status: 400, code: "invalid_json", title: "Bad Request", detail: "The body must be a JSON object.")
        }
        return object
    }

    /// Column values as JSON; instants in RFC 3339 UTC, which PostgreSQL reads exactly.
    static func json(_ columns: [String: any Sendable]) -> String {
        let plain = columns.mapValues { value -> Any in
            if let date = value as? Date { return date.formatted(.iso8601) }
            return value
        }
        // Strings, numbers, booleans, nulls and arrays of them: serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: plain, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
