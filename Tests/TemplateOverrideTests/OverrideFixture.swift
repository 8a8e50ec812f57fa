import Foundation
import Postgres
import TemplateOverrides
import Templates
import TestSupport
import Vocabulary

/// A test database with the override store, an editor and a catalog over
/// the repository's shipped templates, as a daemon wires them.
struct OverrideFixture {
    let database: TestDatabase
    let pool: ConnectionPool
    let store: TemplateOverrideStore
    let catalog: TemplateCatalog
    let editor: TemplateOverrideEditor
    let defaults: DirectoryTemplateStore

    // A business of its own for each test; the time zone is irrelevant here.
    static let insertBusiness = "INSERT INTO businesses (name, time_zone, default_locale) VALUES ('Test', 'UTC', $1) RETURNING id"

    init(_ database: TestDatabase, poolSize: Int = 4) throws {
        self.database = database
        pool = database.makePool(size: poolSize)
        store = TemplateOverrideStore(pool: pool)
        defaults = DirectoryTemplateStore(root: try Self.shippedTemplates())
        catalog = TemplateCatalog(defaults: defaults, overrides: store)
        editor = TemplateOverrideEditor(store: store, defaults: defaults, catalog: catalog)
    }

    static func shippedTemplates() throws -> URL {
        try TestEnvironment.repository().appendingPathComponent("templates")
    }

    func makeBusiness(locale: String = "en") throws -> UUID {
        try pool.withConnection { try $0.query(Self.insertBusiness, [locale])[0].decode(UUID.self, "id") }
    }

    /// The message the catalog would send with sample data.
    func render(
        _ business: UUID?, _ kind: MessageKind = .reminder, _ channel: Channel = .sms, locale: String = "en", businessLocale: String? = nil
    ) throws -> RenderedMessage {
        try TemplatePreview.render(
            kind: kind, channel: channel, locale: locale, business: business.map { $0.uuidString.lowercased() },
            businessLocale: businessLocale, catalog: catalog)
    }
}

/// An SMS text part, named `origin` in lint problems.
func sms(_ text: String, origin: String = "sms.mustache") -> [TemplatePart: TemplateSource] {
    [.text: TemplateSource(text: text, origin: origin)]
}

extension TemplateOverrideKey {
    static func reminderSMS(_ business: UUID, locale: String = "en") -> TemplateOverrideKey {
        TemplateOverrideKey(business: business, kind: .reminder, channel: .sms, locale: locale)
    }
}
