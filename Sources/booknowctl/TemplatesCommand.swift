import Foundation
import Runtime
import TemplateOverrides
import Templates
import Vocabulary

/// `booknowctl templates lint PATH…` and `templates preview KIND --channel C [--locale L] [--business B]`.
enum TemplatesCommand {
    static let lint = Command(
        name: "templates lint",
        summary: "check template files: syntax, variables, required parts, SMS length",
        usage: """
            usage: booknowctl templates lint PATH...

            Checks each template file (named LOCALE/KIND.CHANNEL.PART.mustache, see
            templates/README.md) or every file in each folder. Prints one
            FILE:LINE:COLUMN: severity: message per problem; exits 65 if any is an error.
            """
    ) { args, context in
        var paths: [String] = []
        while !args.isEmpty { paths.append(try args.positional("PATH")) }
        guard !paths.isEmpty else { throw CLIError(.usage, "templates lint needs at least one PATH") }
        let maxSegments = (try? context.config().int("templates.max_sms_segments")) ?? 2
        let problems = TemplateLinter(maxSMSSegments: maxSegments).lint(paths: paths)
        if !problems.isEmpty || context.json { try LintOutput.print(problems, context) }
        if problems.hasErrors {
            throw CLIError(.dataError, "\(problems.filter { $0.severity == .error }.count) error(s) in the templates")
        }
    }

    static let preview = Command(
        name: "templates preview",
        summary: "render a message kind with sample data",
        usage: """
            usage: booknowctl templates preview KIND --channel email|sms [--locale L] [--business B]

            KIND is one of: \(MessageKind.allCases.map(\.rawValue).joined(separator: ", ")).
            Renders the default templates (templates.directory) with the documented sample data;
            with --business, that business's overrides from the database come first, in the
            order messages use them (locale, the business's default locale, then the defaults).
            """
    ) { args, context in
        let kindName = try args.positional("KIND")
        guard let kind = MessageKind(rawValue: kindName) else { throw CLIError(.usage, "unknown kind '\(kindName)'") }
        let channelName = try args.option("--channel") ?? "email"
        guard let channel = Channel(rawValue: channelName) else { throw CLIError(.usage, "unknown channel '\(channelName)'") }
        let locale = try args.option("--locale") ?? "en"
        let businessText = try args.option("--business")
        try args.finish()
        let defaults = DirectoryTemplateStore(root: URL(fileURLWithPath: try context.config().path("templates.directory")))
        var overrides: TemplateOverrideStore?
        var business: (id: String, locale: String)?
        if let businessText {
            guard let id = UUID(uuidString: businessText) else { throw CLIError(.usage, "--business '\(businessText)' is not a UUID") }
            let store = try OverrideOptions.store(context)
            overrides = store
            business = (id.uuidString.lowercased(), try store.defaultLocale(of: id))
        }
        let catalog = TemplateCatalog(defaults: defaults, overrides: overrides)
        do {
            let message = try TemplatePreview.render(
                kind: kind, channel: channel, locale: locale, business: business?.id, businessLocale: business?.locale, catalog: catalog)
            try context.output(PreviewOutput(message)) { TemplatePreview.text(of: message) }
        } catch {
            throw CLIError(.dataError, String(describing: error))
        }
    }
}

/// A rendered preview for `--json`: each part by name, where it came from, and any fallback taken.
struct PreviewOutput: Encodable {
    var parts: [String: String]
    var origin: String
    var fallbacks: [String]

    init(_ message: RenderedMessage) {
        parts = Dictionary(uniqueKeysWithValues: message.parts.map { ($0.key.rawValue, $0.value) })
        origin = "\(message.origin)"
        fallbacks = message.fallbacks.map { "\($0)" }
    }
}
