/// A parsed route path such as `/v1/bookings/{id}/cancel`.
///
/// Segments are literal or a whole-segment `{name}` parameter; a parameter
/// matches any one non-empty segment. Patterns compare by shape, so
/// `/a/{x}` and `/a/{y}` are the same route.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let text: String
    let segments: [Segment]

    /// Traps on a malformed pattern: routes are fixed at startup by code.
    init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern \(text) must start with /")
        self.text = text
        segments = RoutePattern.split(text).map { part in
            guard part.hasPrefix("{") || part.hasSuffix("}") else {
                precondition(!part.contains("{") && !part.contains("}"), "route pattern \(text): braces must enclose a whole segment")
                return .literal(String(part))
            }
            let name = part.dropFirst().dropLast()
            precondition(part.hasPrefix("{") && part.hasSuffix("}") && !name.isEmpty && !name.contains("{"),
                         "route pattern \(text): malformed parameter \(part)")
            return .parameter(String(name))
        }
        let names = parameterNames
        precondition(Set(names).count == names.count, "route pattern \(text) repeats a parameter name")
    }

    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// The shape of the pattern with parameter names erased, for duplicate detection.
    var shape: [String?] {
        segments.map { if case .literal(let text) = $0 { text } else { nil } }
    }

    /// The parameter values when `pathSegments` fit this pattern, else nil.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                values[name] = String(part)
            }
        }
        return values
    }

    /// Whether this pattern is preferred over `other` when both match a path:
    /// at the first segment where they differ, a literal beats a parameter, so
    /// `/bookings/export` wins over `/bookings/{id}` whatever the order of registration.
    func isMoreSpecific(than other: RoutePattern) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }

    /// The segments of a path or pattern after its leading `/`.
    static func split(_ path: String) -> [Substring] {
        path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    }
}
