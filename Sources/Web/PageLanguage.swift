import Foundation

/// Which language a page is shown in: the customer's own (stored with their
/// booking), else the browser's `Accept-Language` in its order of preference,
/// else the business's default, else the first the pages are written in.
public enum PageLanguage {
    public static func choose(customer: String?, acceptLanguage: String?, business: String?, available: [String]) -> String {
        func supported(_ tag: String?) -> String? {
            guard let tag, let primary = tag.split(separator: "-").first?.lowercased() else { return nil }
            return available.contains(primary) ? primary : nil
        }
        if let chosen = supported(customer) { return chosen }
        for tag in preferences(acceptLanguage) { if let chosen = supported(tag) { return chosen } }
        return supported(business) ?? available[0]
    }

    /// The tags of an `Accept-Language` header by falling `q`, `q=0` left out.
    static func preferences(_ header: String?) -> [String] {
        guard let header else { return [] }
        var weighted: [(tag: String, q: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").prefix(20).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty, tag != "*" else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0 { weighted.append((tag, q, order)) }
        }
        return weighted.sorted { $0.q != $1.q ? $0.q > $1.q : $0.order < $1.order }.map(\.tag)
    }
}
