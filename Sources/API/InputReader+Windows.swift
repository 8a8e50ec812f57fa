import Foundation

extension InputReader {
    /// The most windows one waitlist entry may want: enough for "any weekday
    /// evening for a month", few enough to keep the multirange small.
    static let maxWindows = 62
    /// The rule code of a range that ends before it starts (the schema cannot compare fields).
    static let invalidRange = "invalid_range"

    /// A non-empty array of `{"from": …, "until": …}` instants, each window
    /// from < until; the fields are named `wanted[0].from` and so on.
    mutating func windows(_ name: String) -> [Range<Date>]? {
        guard let raw = lookup(name), !(raw is NSNull) else {
            fail(name, "is required")
            return nil
        }
        guard let list = raw as? [Any], !list.isEmpty, list.count <= Self.maxWindows else {
            fail(name, "must be an array of 1 to \(Self.maxWindows) windows like {\"from\": \"…\", \"until\": \"…\"}")
            return nil
        }
        var windows: [Range<Date>] = []
        for (index, element) in list.enumerated() {
            let label = "\(name)[\(index)]"
            guard let object = element as? [String: Any] else {
                fail(label, "must be an object with from and until")
                continue
            }
            var window = InputReader(lookup: { object[$0] }, prefix: prefix + label + ".")
            let from = window.instant("from"), until = window.instant("until")
            absorb(window)
            guard let from, let until else { continue }
            guard from < until else {
                refuse(Self.invalidRange, label + ".until", "must be after from")
                continue
            }
            windows.append(from..<until)
        }
        return isClean ? windows : nil
    }
}
