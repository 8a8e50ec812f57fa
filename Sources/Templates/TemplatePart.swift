/// One rendered piece of a message.
public enum TemplatePart: String, Sendable, Hashable, CaseIterable, Comparable {
    case subject
    case text
    case html

    /// HTML escapes interpolated values; subjects, text and SMS go out as
    /// plain text, where entities would show up literally.
    public var escaping: RenderOptions.Escaping {
        self == .html ? .html : .none
    }

    public static func < (lhs: TemplatePart, rhs: TemplatePart) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
