import Foundation
import HTTPServer
import Queue
import Scheduling
import Templates

/// The jobs and dead-letter filters as the pages' forms send them: query
/// parameters on GET, the same names as hidden fields on a bulk action's POST,
/// so "all matching" means exactly what the operator saw.
struct ConsoleFilter {
    var filter = JobFilter()
    /// Fields that could not be read, by name: the page says so instead of ignoring them.
    var invalid: [String] = []

    static let names = ["state", "queue", "kind", "business", "booking", "from", "until"]

    init(_ field: (String) -> String?) {
        func text(_ name: String) -> String? {
            guard let value = field(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return String(value.prefix(200))
        }
        if let state = text("state") {
            if let parsed = JobState(rawValue: state) { filter.state = parsed } else { invalid.append("state") }
        }
        filter.queue = text("queue")
        filter.kind = text("kind")
        for (name, path) in [("business", \JobFilter.businessID), ("booking", \JobFilter.bookingID)] {
            if let value = text(name) {
                if let id = UUID(uuidString: value) { filter[keyPath: path] = id } else { invalid.append(name) }
            }
        }
        for (name, path) in [("from", \JobFilter.from), ("until", \JobFilter.until)] {
            if let value = text(name) {
                if let date = TypedInstant.parse(value) { filter[keyPath: path] = date } else { invalid.append(name) }
            }
        }
    }

    init(query: QueryParameters) { self.init { query[$0] } }
    init(form: FormBody) { self.init { form[$0] } }

    /// The filter as the form shows it back, and as hidden fields and links carry it.
    var values: [String: MustacheValue] {
        [
            "state": .optional(filter.state?.rawValue), "queue": .optional(filter.queue), "kind": .optional(filter.kind),
            "business": .optional(filter.businessID?.uuidString.lowercased()),
            "booking": .optional(filter.bookingID?.uuidString.lowercased()),
            "from": .optional(filter.from.map(ConsoleText.time)), "until": .optional(filter.until.map(ConsoleText.time)),
        ]
    }

    /// The filter's fields as pairs, for hidden inputs and the next page's link.
    var pairs: [(String, String)] {
        Self.names.compactMap { name in
            if case .string(let value)? = values[name] { return (name, value) }
            return nil
        }
    }

    /// The hidden inputs that carry the filter into a bulk action.
    var hidden: MustacheValue {
        .list(pairs.map { .dictionary(["name": .string($0.0), "value": .string($0.1)]) })
    }

    /// `state=dead&queue=email…`, percent-encoded, for links.
    var queryString: String { Self.query(pairs) }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// Options of the state select, the chosen one marked.
    var stateOptions: MustacheValue {
        .list(JobState.allCases.map { .dictionary(["value": .string($0.rawValue), "selected": .bool($0 == filter.state)]) })
    }
}
