import Foundation

/// Reads `booknowctl --json` output, whose keys are snake_case (`business_id`),
/// into the Swift types (`businessID`): words after the first are capitalised,
/// `id` as `ID`.
enum CLIJSON {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.keyDecodingStrategy = .custom { path in
            let words = path.last!.stringValue.split(separator: "_").map(String.init)
            let camel = (words.first ?? "") + words.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return Key(stringValue: camel)
        }
        return try decoder.decode(T.self, from: Data(output.utf8))
    }

    /// Every object key in `output`, at any depth, for the snake_case check.
    static func keys(_ output: String) throws -> Set<String> {
        func walk(_ value: Any) -> [String] {
            switch value {
            case let object as [String: Any]: object.keys + object.values.flatMap(walk)
            case let array as [Any]: array.flatMap(walk)
            default: []
            }
        }
        return Set(walk(try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed])))
    }

    /// True when every key is lower-case words joined by underscores.
    static func isSnakeCase(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }
}
