public import Foundation
import Postgres
public import Templates
public import Vocabulary

/// One overridable message of one business: a kind, a channel and a locale.
///
/// Admins edit whole messages (an email's subject, text and HTML together),
/// so this, not a single part, is what carries a version history.
public struct TemplateOverrideKey: Sendable, Hashable, CustomStringConvertible {
    public var business: UUID
    public var kind: MessageKind
    public var channel: Channel
    /// A locale as `message_templates` accepts it: `en`, `es-MX`.
    public var locale: String

    public init(business: UUID, kind: MessageKind, channel: Channel, locale: String) {
        self.business = business
        self.kind = kind
        self.channel = channel
        self.locale = locale
    }

    /// The business id as PostgreSQL prints a uuid, which is also what
    /// `TemplateCatalog` keys on and what `template_changed` carries.
    public var businessID: String { business.uuidString.lowercased() }

    /// The template name of one part, as the catalog asks for it.
    public func name(of part: TemplatePart) -> String {
        TemplateRequest(kind: kind, channel: channel, locale: locale).name(of: part)
    }

    /// The statement parameters `$1…$4` every override query starts with.
    var parameters: [(any PostgresEncodable)?] {
        [business, kind.rawValue, channel.rawValue, locale]
    }

    public var description: String {
        "business \(businessID) \(kind.rawValue) \(channel.rawValue) \(locale)"
    }

    /// `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`, the table's CHECK, tested here
    /// first so a typo gets a clear message instead of a constraint name.
    public static func isValidLocale(_ locale: String) -> Bool {
        let pieces = locale.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = pieces.first, (2...3).contains(language.count),
            language.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) })
        else { return false }
        return pieces.dropFirst().allSatisfy { piece in
            (2...8).contains(piece.count) && piece.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
