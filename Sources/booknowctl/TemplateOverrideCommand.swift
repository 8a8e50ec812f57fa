import Foundation
import TemplateOverrides
import Templates
import Vocabulary

/// `booknowctl templates set/show/history/rollback/reset`: a business's
/// message overrides in the database, each change a recorded version.
enum TemplateOverrideCommand {
    static let set = Command(
        name: "templates set",
        summary: "store a business's override of a message (lint must pass)",
        usage: """
            usage: booknowctl templates set --business B --kind K --channel C [--locale L] --part P=FILE... [--by NAME]

            Stores the parts as the message's next version. P is subject, text or html
            (sms: text); give every part the message should have. The parts are linted
            with the shipped partials first: on any error nothing is stored, each problem
            is printed as FILE:LINE:COLUMN: severity: message, and the exit code is 65.
            \(OverrideOptions.usage)
              --part P=FILE  a part and the file holding its Mustache text (repeatable)
              --by NAME      who made the change (default: $USER)
            """
    ) { args, context in
        let options = try OverrideOptions(&args)
        let author = try OverrideOptions.author(&args, context)
        var parts: [TemplatePart: TemplateSource] = [:]
        while let value = try args.option("--part") {
            let (part, file) = try partAndFile(value, channel: options.key.channel)
            guard parts[part] == nil else { throw CLIError(.usage, "--part \(part.rawValue) given twice") }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError(.noInput, "cannot read \(file) as UTF-8 text")
            }
            parts[part] = TemplateSource(text: text, origin: file)
        }
        guard !parts.isEmpty else { throw CLIError(.usage, "templates set needs at least one --part P=FILE") }
        try args.finish()
        try store(context) { try $0.set(options.key, parts: parts, by: author) }
    }

    static let show = Command(
        name: "templates show",
        summary: "print a business's override of a message in force",
        usage: """
            usage: booknowctl templates show --business B --kind K --channel C [--locale L] [--version N]

            Prints the override in force (or version N), or says the defaults are used.
            \(OverrideOptions.usage)
              --version N    a version from 'templates history' instead of the current one
            """
    ) { args, context in
        let options = try OverrideOptions(&args)
        let number = try versionNumber(&args, required: false)
        try args.finish()
        let store = try OverrideOptions.store(context)
        if let number {
            guard let version = try store.version(options.key, number) else {
                throw TemplateOverrideError(.versionNotFound, "\(options.key) has no version \(number)")
            }
            try context.output(VersionOutput(version)) { VersionOutput.text(version) }
        } else if let version = try store.current(options.key) {
            try context.output(VersionOutput(version)) { VersionOutput.text(version) }
        } else {
            try context.output(VersionOutput?.none) { "no override in force: \(options.key) uses the default templates" }
        }
    }

    static let history = Command(
        name: "templates history",
        summary: "list every version of a business's override of a message",
        usage: """
            usage: booknowctl templates history --business B --kind K --channel C [--locale L]

            Lists the versions oldest first: number, when, who, what (set, rollback of vN,
            reset) and the parts. --json includes the text of every version.
            \(OverrideOptions.usage)
            """
    ) { args, context in
        let options = try OverrideOptions(&args)
        try args.finish()
        let versions = try OverrideOptions.store(context).history(options.key)
        try context.output(versions.map(VersionOutput.init)) {
            versions.isEmpty ? "\(options.key) was never overridden" : versions.map(VersionOutput.summary).joined(separator: "\n")
        }
    }

    static let rollback = Command(
        name: "templates rollback",
        summary: "make an older version of an override current again",
        usage: """
            usage: booknowctl templates rollback --business B --kind K --channel C [--locale L] --version N [--by NAME]

            Stores a copy of version N as the next version (history is never rewritten).
            The copy is linted again; on an error nothing is stored and the exit code is 65.
            \(OverrideOptions.usage)
              --version N    the version to copy, from 'templates history'
              --by NAME      who made the change (default: $USER)
            """
    ) { args, context in
        let options = try OverrideOptions(&args)
        guard let number = try versionNumber(&args, required: true) else { return }
        let author = try OverrideOptions.author(&args, context)
        try args.finish()
        try store(context) { try $0.rollback(options.key, to: number, by: author) }
    }

    static let reset = Command(
        name: "templates reset",
        summary: "return a business's message to the default templates",
        usage: """
            usage: booknowctl templates reset --business B --kind K --channel C [--locale L] [--by NAME]

            Records a reset version: the default templates apply again, and history keeps
            every earlier version for 'templates rollback'. Does nothing when no override
            is in force.
            \(OverrideOptions.usage)
              --by NAME      who made the change (default: $USER)
            """
    ) { args, context in
        let options = try OverrideOptions(&args)
        let author = try OverrideOptions.author(&args, context)
        try args.finish()
        let version = try OverrideOptions.editor(context).reset(options.key, by: author)
        try context.output(version.map(VersionOutput.init)) {
            version.map { "stored \(VersionOutput.summary($0))" } ?? "no override in force: \(options.key) already uses the default templates"
        }
    }

    /// Runs a write with the configured editor and prints the new version;
    /// when lint refuses it, prints each problem (FILE:LINE:COLUMN: …) first.
    private static func store(_ context: Context, _ write: (TemplateOverrideEditor) throws -> TemplateVersion) throws {
        do {
            let version = try write(OverrideOptions.editor(context))
            try context.output(VersionOutput(version)) {
                (version.warnings.map(\.description) + ["stored \(VersionOutput.summary(version))"]).joined(separator: "\n")
            }
        } catch let error as TemplateOverrideError {
            if !error.problems.isEmpty { try LintOutput.print(error.problems, context) }
            throw error
        }
    }

    /// `P=FILE`, with P a part of `channel`.
    private static func partAndFile(_ value: String, channel: Channel) throws -> (TemplatePart, String) {
        guard let equals = value.firstIndex(of: "="), let part = TemplatePart(rawValue: String(value[..<equals])),
            equals < value.index(before: value.endIndex)
        else { throw CLIError(.usage, "--part needs PART=FILE, such as text=reminder.txt (got '\(value)')") }
        guard channel.parts.contains(part) else {
            throw CLIError(.usage, "\(channel.rawValue) messages have no \(part.rawValue) part")
        }
        return (part, String(value[value.index(after: equals)...]))
    }

    private static func versionNumber(_ args: inout Arguments, required: Bool) throws -> Int? {
        guard let text = try args.option("--version") else {
            if required { throw CLIError(.usage, "--version N is required") }
            return nil
        }
        guard let number = Int(text), number > 0 else { throw CLIError(.usage, "--version '\(text)' is not a version number") }
        return number
    }
}
