import Foundation
import Postgres
import Templates

extension TemplateOverrideStore {
    // Every version of a message with its parts, oldest first: a range scan
    // of both primary keys. Resets have no parts, hence the LEFT JOIN.
    static let selectHistory = """
        SELECT v.version, v.action, v.source_version, v.updated_by, v.created_at, t.part, t.body
        FROM message_template_versions v
        LEFT JOIN message_templates t USING (business_id, kind, channel, locale, version)
        WHERE v.business_id = $1 AND v.kind = $2 AND v.channel = $3 AND v.locale = $4
        ORDER BY v.version, t.part
        """

    // One version ($5), or the latest when $5 is NULL; by primary key.
    static let selectVersion = """
        SELECT v.version, v.action, v.source_version, v.updated_by, v.created_at, t.part, t.body
        FROM message_template_versions v
        LEFT JOIN message_templates t USING (business_id, kind, channel, locale, version)
        WHERE v.business_id = $1 AND v.kind = $2 AND v.channel = $3 AND v.locale = $4
          AND v.version = coalesce($5, (SELECT max(version) FROM message_template_versions
                                        WHERE business_id = $1 AND kind = $2 AND channel = $3 AND locale = $4))
        ORDER BY t.part
        """

    /// Every version of the message, oldest first; empty when it was never overridden.
    public func history(_ key: TemplateOverrideKey) throws(TemplateOverrideError) -> [TemplateVersion] {
        try pool.overrides(transaction: false) { try Self.versions(key, in: $0.query(Self.selectHistory, key.parameters)) }
    }

    /// The latest version (which may be a reset), or nil when the message was never overridden.
    public func latest(_ key: TemplateOverrideKey) throws(TemplateOverrideError) -> TemplateVersion? {
        try pool.overrides(transaction: false) { try Self.version(key, nil, on: $0) }
    }

    /// The override in force: the latest version unless it is a reset.
    public func current(_ key: TemplateOverrideKey) throws(TemplateOverrideError) -> TemplateVersion? {
        try latest(key).flatMap { $0.isOverride ? $0 : nil }
    }

    /// Version `number` of the message, or nil when there is none.
    public func version(_ key: TemplateOverrideKey, _ number: Int) throws(TemplateOverrideError) -> TemplateVersion? {
        try pool.overrides(transaction: false) { try Self.version(key, number, on: $0) }
    }

    /// Version `number` (the latest when nil) read on `connection`, which
    /// may be inside the editor's transaction.
    static func version(_ key: TemplateOverrideKey, _ number: Int?, on connection: Connection) throws -> TemplateVersion? {
        try versions(key, in: connection.query(selectVersion, key.parameters + [number])).last
    }

    /// Folds rows of `selectHistory`/`selectVersion` (one per part, ordered by version) into versions.
    static func versions(_ key: TemplateOverrideKey, in rows: Rows) throws -> [TemplateVersion] {
        var versions: [TemplateVersion] = []
        for row in rows {
            let number = try row.decode(Int.self, "version")
            if versions.last?.version != number {
                let actionName = try row.decode(String.self, "action")
                guard let action = TemplateVersion.Action(rawValue: actionName) else {
                    throw TemplateOverrideError(.database, "unknown template version action '\(actionName)'")
                }
                versions.append(TemplateVersion(
                    key: key, version: number, action: action,
                    sourceVersion: try row.decode(Int?.self, "source_version"),
                    updatedBy: try row.decode(String.self, "updated_by"),
                    createdAt: try row.decode(Date.self, "created_at"), parts: [:]))
            }
            if let partName = try row.decode(String?.self, "part"), let part = TemplatePart(rawValue: partName) {
                versions[versions.count - 1].parts[part] = try row.decode(String.self, "body")
            }
        }
        return versions
    }
}
