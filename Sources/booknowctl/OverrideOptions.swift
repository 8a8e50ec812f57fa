import Bootstrap
import Foundation
import Postgres
import Runtime
import TemplateOverrides
import Templates
import Vocabulary

/// The options every `templates` override command shares —
/// `--business B --kind K --channel C [--locale L]` — and what they build.
struct OverrideOptions {
    static let usage = """
          --business B   the business's id (a UUID)
          --kind K       one of: \(MessageKind.allCases.map(\.rawValue).joined(separator: ", "))
          --channel C    email or sms
          --locale L     the message's locale (default en), such as es or es-MX
        """

    let key: TemplateOverrideKey

    /// Reads the shared options; a missing or malformed one is a usage error (64).
    init(_ args: inout Arguments) throws {
        guard let businessText = try args.option("--business") else { throw CLIError(.usage, "--business is required") }
        guard let business = UUID(uuidString: businessText) else { throw CLIError(.usage, "--business '\(businessText)' is not a UUID") }
        guard let kindName = try args.option("--kind") else { throw CLIError(.usage, "--kind is required") }
        guard let kind = MessageKind(rawValue: kindName) else { throw CLIError(.usage, "unknown kind '\(kindName)'") }
        guard let channelName = try args.option("--channel") else { throw CLIError(.usage, "--channel is required") }
        guard let channel = Channel(rawValue: channelName) else { throw CLIError(.usage, "unknown channel '\(channelName)'") }
        let locale = try args.option("--locale") ?? "en"
        guard TemplateOverrideKey.isValidLocale(locale) else { throw CLIError(.usage, "'\(locale)' is not a locale such as en or es-MX") }
        key = TemplateOverrideKey(business: business, kind: kind, channel: channel, locale: locale)
    }

    /// Who a change is recorded as: `--by NAME`, else the login name.
    static func author(_ args: inout Arguments, _ context: Context) throws -> String {
        try args.option("--by") ?? context.environment["USER"].map { "\($0) (booknowctl)" } ?? "booknowctl"
    }

    /// The override store on a one-connection pool: the tool runs one command.
    static func store(_ context: Context) throws -> TemplateOverrideStore {
        TemplateOverrideStore(pool: ConnectionPool(
            configuration: try ConnectionConfiguration(config: try context.config(), applicationName: "booknowctl"), maxConnections: 1))
    }

    /// The editor, linting against the shipped templates of `templates.directory`.
    static func editor(_ context: Context) throws -> TemplateOverrideEditor {
        let folder = URL(fileURLWithPath: try context.config().path("templates.directory"))
        let segments = (try? context.config().int("templates.max_sms_segments")) ?? 2
        return TemplateOverrideEditor(
            store: try store(context), defaults: DirectoryTemplateStore(root: folder), linter: TemplateLinter(maxSMSSegments: segments))
    }
}

/// A version as `--json` prints it.
struct VersionOutput: Encodable {
    var business: String
    var kind: String
    var channel: String
    var locale: String
    var version: Int
    var action: String
    var sourceVersion: Int?
    var updatedBy: String
    var createdAt: Date
    var parts: [String: String]
    var warnings: [String]

    init(_ version: TemplateVersion) {
        business = version.key.businessID
        kind = version.key.kind.rawValue
        channel = version.key.channel.rawValue
        locale = version.key.locale
        self.version = version.version
        action = version.action.rawValue
        sourceVersion = version.sourceVersion
        updatedBy = version.updatedBy
        createdAt = version.createdAt
        parts = Dictionary(uniqueKeysWithValues: version.parts.map { ($0.key.rawValue, $0.value) })
        warnings = version.warnings.map(\.description)
    }

    /// One line: `v3  2026-11-30T09:00:00Z  alice  rollback of v1  (subject, text)`.
    static func summary(_ version: TemplateVersion) -> String {
        let action = version.sourceVersion.map { "rollback of v\($0)" } ?? version.action.rawValue
        let parts = version.parts.keys.sorted().map(\.rawValue).joined(separator: ", ")
        let when = ISO8601DateFormatter().string(from: version.createdAt)
        return "v\(version.version)  \(when)  \(version.updatedBy)  \(action)" + (parts.isEmpty ? "" : "  (\(parts))")
    }

    /// The summary, then each part under a header.
    static func text(_ version: TemplateVersion) -> String {
        var lines = [summary(version)]
        for part in version.parts.keys.sorted() {
            lines.append("--- \(part.rawValue) ---")
            lines.append(version.parts[part] ?? "")
        }
        return lines.joined(separator: "\n")
    }
}
