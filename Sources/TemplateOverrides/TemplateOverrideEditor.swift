import Foundation
import Postgres
public import Templates

/// Changes a business's message overrides: set, roll back, reset — each a
/// new version, recorded with its author.
///
/// Lint comes first: text that fails `TemplateLinter` (with the shipped
/// partials visible, as at render time) is never stored, and the problems
/// are returned in the error. Rollbacks are linted again, because lint
/// rules and shipped partials change between releases.
///
/// Two admins saving at once: each write takes a transaction-scoped
/// advisory lock on its message before numbering the version, so writers
/// queue up and get consecutive versions, none lost; the primary key of
/// `message_template_versions` still guarantees no version is written twice.
///
/// Caches: after each write the editor invalidates `catalog` (this
/// process's), and the database trigger sends `template_changed` with the
/// business id on commit, for other daemons (`TemplateChangeListener`).
public struct TemplateOverrideEditor: Sendable {
    public let store: TemplateOverrideStore
    /// The shipped templates, whose partials (the email layout) overrides may include.
    public let defaults: any TemplateStore
    public let defaultLocale: String
    public let linter: TemplateLinter
    /// This process's catalog, invalidated after each write; nil for none.
    public let catalog: TemplateCatalog?

    public init(
        store: TemplateOverrideStore, defaults: any TemplateStore, defaultLocale: String = "en",
        linter: TemplateLinter = TemplateLinter(), catalog: TemplateCatalog? = nil
    ) {
        self.store = store
        self.defaults = defaults
        self.defaultLocale = defaultLocale
        self.linter = linter
        self.catalog = catalog
    }

    // Serializes writers of one message for the rest of the transaction. The
    // key hashes the message's identity; a collision only makes two messages
    // wait for each other, never mixes their versions.
    static let lockMessage = "SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2 || '/' || $3 || '/' || $4, 0))"

    // The next version and the latest one's action, read under the lock.
    // By primary key (a backward scan finds the latest version).
    static let selectLatest = """
        SELECT version, action FROM message_template_versions
        WHERE business_id = $1 AND kind = $2 AND channel = $3 AND locale = $4
        ORDER BY version DESC LIMIT 1
        """

    // The version row comes first: the parts' foreign key points at it.
    static let insertVersion = """
        INSERT INTO message_template_versions (business_id, kind, channel, locale, version, action, source_version, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING created_at
        """

    static let insertPart = """
        INSERT INTO message_templates (business_id, kind, channel, locale, version, part, body, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """

    /// Lints `parts` and, if lint finds no error, stores them as the next version.
    ///
    /// `parts` are the whole message (parts left out are not inherited from
    /// older versions); each source's `origin` names it in lint problems.
    /// - Throws: `lintFailed` with the problems, `invalidRequest`,
    ///   `businessNotFound`, or a database error.
    @discardableResult
    public func set(_ key: TemplateOverrideKey, parts: [TemplatePart: TemplateSource], by author: String) throws(TemplateOverrideError) -> TemplateVersion {
        try validate(key, author: author)
        try validate(parts.mapValues(\.text), channel: key.channel)
        let problems = lint(key, parts: parts)
        try requireClean(problems)
        var version = try writeOverride(key, action: .set, sourceVersion: nil, parts: parts.mapValues(\.text), by: author)
        version.warnings = problems
        return version
    }

    /// Stores a copy of version `number` as the next version.
    /// - Throws: `versionNotFound`; `invalidRequest` when that version is a
    ///   reset (use `reset`); `lintFailed` when it no longer passes lint.
    @discardableResult
    public func rollback(_ key: TemplateOverrideKey, to number: Int, by author: String) throws(TemplateOverrideError) -> TemplateVersion {
        try validate(key, author: author)
        guard let old = try store.version(key, number) else {
            throw TemplateOverrideError(.versionNotFound, "\(key) has no version \(number)")
        }
        guard old.isOverride else {
            throw TemplateOverrideError(.invalidRequest, "version \(number) of \(key) is a reset; reset again instead of rolling back to it")
        }
        let sources = old.parts.reduce(into: [TemplatePart: TemplateSource]()) { sources, part in
            sources[part.key] = TemplateSource(text: part.value, origin: "\(key.name(of: part.key)) v\(number)")
        }
        let problems = lint(key, parts: sources)
        try requireClean(problems)
        var version = try writeOverride(key, action: .rollback, sourceVersion: number, parts: old.parts, by: author)
        version.warnings = problems
        return version
    }

    /// Returns the message to the shipped defaults with a reset version (a
    /// tombstone: history keeps every older version for rollback).
    /// - Returns: the reset version, or nil when no override was in force
    ///   (nothing is written then).
    @discardableResult
    public func reset(_ key: TemplateOverrideKey, by author: String) throws(TemplateOverrideError) -> TemplateVersion? {
        try validate(key, author: author)
        return try write(key, action: .reset, sourceVersion: nil, parts: [:], by: author)
    }

    /// `write` for a set or a rollback, which always writes.
    private func writeOverride(
        _ key: TemplateOverrideKey, action: TemplateVersion.Action, sourceVersion: Int?, parts: [TemplatePart: String], by author: String
    ) throws(TemplateOverrideError) -> TemplateVersion {
        guard let version = try write(key, action: action, sourceVersion: sourceVersion, parts: parts, by: author) else {
            preconditionFailure("only a reset of the defaults writes nothing")
        }
        return version
    }

    /// Numbers and inserts one version under the message's lock, then
    /// invalidates this process's catalog. A reset when no override is in
    /// force (decided under the lock) writes nothing and returns nil.
    private func write(
        _ key: TemplateOverrideKey, action: TemplateVersion.Action, sourceVersion: Int?, parts: [TemplatePart: String], by author: String
    ) throws(TemplateOverrideError) -> TemplateVersion? {
        let version: TemplateVersion? = try store.pool.overrides(transaction: true) { connection in
            try connection.query(Self.lockMessage, key.parameters)
            let latest = try connection.query(Self.selectLatest, key.parameters).first
            let latestAction = try latest.map { try $0.decode(String.self, "action") }
            if action == .reset, latestAction == nil || latestAction == TemplateVersion.Action.reset.rawValue {
                return nil
            }
            let number = try (latest?.decode(Int.self, "version") ?? 0) + 1
            let created = try connection.query(Self.insertVersion, key.parameters + [number, action.rawValue, sourceVersion, author])
            for (part, body) in parts {
                try connection.execute(Self.insertPart, key.parameters + [number, part.rawValue, body, author])
            }
            return TemplateVersion(
                key: key, version: number, action: action, sourceVersion: sourceVersion, updatedBy: author,
                createdAt: try created[0].decode(Date.self, "created_at"), parts: parts)
        }
        catalog?.invalidate(business: key.businessID)
        return version
    }

    private func requireClean(_ problems: [LintProblem]) throws(TemplateOverrideError) {
        guard !problems.hasErrors else {
            let count = problems.filter { $0.severity == .error }.count
            throw TemplateOverrideError(.lintFailed, "the templates have \(count) lint error(s) and were not stored", problems: problems)
        }
    }
}
