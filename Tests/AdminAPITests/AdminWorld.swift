// `@_exported`: the suites' files use the world's members without importing its module each.
@_exported import APITestSupport
import TestSupport

/// The admin API's live world (`LiveWorld`): requests carry the salon's admin
/// key unless a test names another, and a 500 anywhere fails the test.
typealias AdminWorld = LiveWorld<AdminKeyByDefault>

extension TestResponse {
    /// `data` of a list answer.
    var items: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
    var code: String? { json["code"] as? String }
    /// The field names of a 422 answer's `errors`.
    var fields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
}
