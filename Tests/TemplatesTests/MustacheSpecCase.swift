import Foundation
import Templates
import Testing

/// One test from the mustache/spec JSON suites (fixtures, MIT licensed).
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let template: String
    let data: MustacheValue
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file): \(name)" }

    /// The suites this engine implements: every file except `~lambdas.json`.
    static let files = [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections",
        "~dynamic-names", "~inheritance",
    ]

    /// Every case of every implemented suite, loaded once.
    static let all: [MustacheSpecCase] = files.flatMap(load)

    private static func load(_ file: String) -> [MustacheSpecCase] {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/mustache-spec")
        let url = directory.appendingPathComponent("\(file).json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tests = root["tests"] as? [[String: Any]]
        else {
            preconditionFailure("cannot read spec fixture \(url.path)")
        }
        return tests.map { test in
            MustacheSpecCase(
                file: file,
                name: test["name"] as? String ?? "",
                template: test["template"] as? String ?? "",
                data: MustacheValue(json: test["data"] ?? NSNull()),
                partials: test["partials"] as? [String: String] ?? [:],
                expected: test["expected"] as? String ?? ""
            )
        }
    }
}

extension MustacheValue {
    /// Converts a JSONSerialization result. Test-only: the library builds
    /// contexts from typed input, never from `Any`.
    init(json: Any) {
        switch json {
        case let number as NSNumber where String(cString: number.objCType) == "c":
            self = .bool(number.boolValue)
        case let number as NSNumber:
            self = .number(number.doubleValue)
        case let string as String:
            self = .string(string)
        case let array as [Any]:
            self = .list(array.map(MustacheValue.init(json:)))
        case let object as [String: Any]:
            self = .dictionary(MustacheObject(object.mapValues(MustacheValue.init(json:))))
        default:
            self = .null
        }
    }
}
