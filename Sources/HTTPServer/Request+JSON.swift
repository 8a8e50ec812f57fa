internal import Foundation

extension Request {
    /// The body decoded as JSON (ISO 8601 dates).
    ///
    /// - Throws: `Problem.invalidJSON` (400) naming what did not decode, so a
    ///   handler can let it propagate and the client learns what to fix.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type) throws(Problem) -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalidJSON(detail: "Missing field \"\(key.stringValue)\".")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalidJSON(detail: "Wrong type at \"\(Self.path(context))\".")
        } catch {
            throw .invalidJSON(detail: "The body is not valid JSON.")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
