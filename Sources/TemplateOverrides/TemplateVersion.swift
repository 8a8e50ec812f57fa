public import Foundation
public import Templates

/// One recorded change of a business's message: its parts at that version,
/// and who made it and when.
public struct TemplateVersion: Sendable, Hashable {
    /// What a version did; the raw values are `message_template_versions.action`.
    public enum Action: String, Sendable, Hashable {
        /// New text, linted before it was stored.
        case set
        /// A copy of an older version's parts (`sourceVersion`).
        case rollback
        /// Back to the shipped defaults: a version without parts.
        case reset
    }

    public var key: TemplateOverrideKey
    /// 1, 2, 3… per message, with no gaps and no repeats.
    public var version: Int
    public var action: Action
    /// The version a rollback copied.
    public var sourceVersion: Int?
    public var updatedBy: String
    /// When the version was stored, by the database clock (`booknow_now()`).
    public var createdAt: Date
    /// The message's parts; empty for a reset.
    public var parts: [TemplatePart: String]
    /// What lint warned about when this version was stored by `set` or
    /// `rollback` (never stored; empty when read back).
    public var warnings: [LintProblem] = []

    public init(
        key: TemplateOverrideKey, version: Int, action: Action, sourceVersion: Int? = nil,
        updatedBy: String, createdAt: Date, parts: [TemplatePart: String]
    ) {
        self.key = key
        self.version = version
        self.action = action
        self.sourceVersion = sourceVersion
        self.updatedBy = updatedBy
        self.createdAt = createdAt
        self.parts = parts
    }

    /// True when this version overrides the defaults (false for a reset).
    public var isOverride: Bool { !parts.isEmpty }
}
