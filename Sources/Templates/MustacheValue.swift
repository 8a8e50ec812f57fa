/// A value a template can see: the whole render context is built from these.
///
/// Contexts are plain data assembled by `RenderContext` and never reflect
/// over arbitrary objects, so a template can reach exactly what was put in
/// front of it: no methods, no environment, no other business's records.
public enum MustacheValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([MustacheValue])
    case dictionary(MustacheObject)

    /// Mustache truthiness: `null`, `false` and the empty list are false.
    ///
    /// An empty string stays true, as in most Mustache ports outside
    /// JavaScript; `RenderContext` maps absent optional values to `null`
    /// so templates can test for them with sections.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .list(let items): !items.isEmpty
        case .number, .string, .dictionary: true
        }
    }

    /// The text an interpolation tag prints. Lists and dictionaries print
    /// nothing rather than a debug dump of their contents.
    public var interpolated: String {
        switch self {
        case .null, .list, .dictionary: ""
        case .bool(let value): value ? "true" : "false"
        case .string(let value): value
        case .number(let value):
            // Whole numbers print without ".0"; the range check keeps Int(_:) from trapping.
            if abs(value) < 1e15, Double(Int(value)) == value {
                String(Int(value))
            } else {
                String(value)
            }
        }
    }

    /// The value at `key` when this is a dictionary.
    public subscript(key: String) -> MustacheValue? {
        if case .dictionary(let entries) = self { return entries[key] }
        return nil
    }
}

extension MustacheValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: MustacheValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .dictionary(MustacheObject(Dictionary(elements, uniquingKeysWith: { first, _ in first })))
    }

    /// A string, or `null` when `value` is nil or empty, so that sections
    /// such as `{{#business.phone}}` hide absent data.
    public static func optional(_ value: String?) -> MustacheValue {
        guard let value, !value.isEmpty else { return .null }
        return .string(value)
    }
}
