public import Foundation
public import Postgres
public import Templates

/// The overrides of every business, read from PostgreSQL: the
/// `TemplateStore` that `TemplateCatalog` consults for a business.
///
/// Resolution order stays in the catalog (business + locale, business
/// default locale, then the shipped defaults); this store answers one
/// question — the text of one part in the current version of one message —
/// and answers nil for partials, the shipped defaults (`business == nil`),
/// and messages whose current version is a reset.
///
/// Every call blocks on the database: the catalog calls it from worker
/// threads on a cache miss, never from Swift's cooperative pool. A failed
/// query is reported as `TemplateError.unreadable`, which makes the catalog
/// fall back to the defaults and say so in `RenderedMessage.fallbacks`.
public struct TemplateOverrideStore: TemplateStore {
    public let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    // One part of the message's latest version. The subquery is a backward
    // scan of message_template_versions' primary key (latest version first);
    // the part is one probe of message_templates' primary key. A reset has
    // no part rows, so the LEFT JOIN yields a NULL body: no override.
    static let selectCurrentPart = """
        SELECT v.version, t.body
        FROM (SELECT version FROM message_template_versions
              WHERE business_id = $1 AND kind = $2 AND channel = $3 AND locale = $4
              ORDER BY version DESC LIMIT 1) v
        LEFT JOIN message_templates t
          ON t.business_id = $1 AND t.kind = $2 AND t.channel = $3 AND t.locale = $4
         AND t.version = v.version AND t.part = $5
        """

    // The business's default locale, the catalog's second choice. By primary key.
    static let selectBusinessLocale = "SELECT default_locale FROM businesses WHERE id = $1"

    public func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource? {
        guard let business, let id = UUID(uuidString: business),
            case .part(let kind, let channel, let part) = TemplateFileName(name: name)
        else { return nil }
        let key = TemplateOverrideKey(business: id, kind: kind, channel: channel, locale: locale)
        let found: (version: Int, body: String?)?
        do {
            found = try pool.overrides(transaction: false) { connection in
                try connection.query(Self.selectCurrentPart, key.parameters + [part.rawValue]).first.map {
                    (try $0.decode(Int.self, "version"), try $0.decode(String?.self, "body"))
                }
            }
        } catch {
            throw TemplateError(.unreadable, "cannot read the override: \(error.message)", file: "message_templates \(key) \(part.rawValue)")
        }
        guard let found, let body = found.body else { return nil }
        return TemplateSource(text: body, origin: "message_templates \(key) \(part.rawValue) v\(found.version)")
    }

    /// The business's default locale, to pass as `TemplateRequest.businessLocale`.
    /// - Throws: `businessNotFound` when there is no such business.
    public func defaultLocale(of business: UUID) throws(TemplateOverrideError) -> String {
        let locale = try pool.overrides(transaction: false) { connection in
            try connection.query(Self.selectBusinessLocale, [business]).first.map { try $0.decode(String.self, "default_locale") }
        }
        guard let locale else { throw TemplateOverrideError(.businessNotFound, "no business \(business.uuidString.lowercased())") }
        return locale
    }
}
