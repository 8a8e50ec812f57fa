public import Postgres
public import Templates

/// Keeps a daemon's `TemplateCatalog` in step with overrides changed by any
/// process: booknowctl, the admin API on another daemon, an operator's SQL.
///
/// The database sends the business id on `template_changed` whenever its
/// overrides change (a trigger, migration 0005), when the transaction
/// commits. The daemon LISTENs on its dedicated listener connection — never
/// a pooled one — and hands what arrives to `apply`, which drops that
/// business's cached templates; the next render reads them again.
/// Notifications sent while the listener was disconnected are lost, so
/// `subscribe` (called again after every reconnect) forgets every business.
public struct TemplateChangeListener: Sendable {
    /// The channel the trigger notifies on.
    public static let channel = "template_changed"

    public let catalog: TemplateCatalog

    public init(catalog: TemplateCatalog) {
        self.catalog = catalog
    }

    /// LISTENs on `connection` and forgets everything cached, since changes
    /// made before this moment were not heard. Blocks on the database.
    public func subscribe(_ connection: Connection) throws(TemplateOverrideError) {
        do {
            try connection.listen(Self.channel)
        } catch {
            throw TemplateOverrideError.from(error)
        }
        catalog.invalidate()
    }

    /// Invalidates the businesses named by `template_changed` notifications
    /// (others are ignored, so one listener connection can serve several
    /// channels) and returns their ids.
    @discardableResult
    public func apply(_ notifications: [PostgresNotification]) -> Set<String> {
        let businesses = Set(notifications.filter { $0.channel == Self.channel }.map(\.payload))
        for business in businesses { catalog.invalidate(business: business) }
        return businesses
    }
}
