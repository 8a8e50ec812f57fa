import Bootstrap
import Foundation

/// Parses the global options, finds the command and maps failures onto exit codes.
enum Tool {
    static let commands: [Command] = [
        MigrateCommand.command,
        DatabaseInitCommand.command,
        ClockCommand.command,
        SendTestCommand.command,
        TemplatesCommand.lint,
        TemplatesCommand.preview,
        TemplateOverrideCommand.set,
        TemplateOverrideCommand.show,
        TemplateOverrideCommand.history,
        TemplateOverrideCommand.rollback,
        TemplateOverrideCommand.reset,
        DemoCommand.seed,
        DemoRunCommand.command,
        BusinessCommand.create,
        BusinessCommand.list,
        BusinessCommand.disable,
        BusinessCommand.page,
        KeysCommand.create,
        KeysCommand.list,
        KeysCommand.revoke,
        JobsCommand.stats,
        JobsCommand.show,
        QueuesCommand.list,
        QueuesCommand.pause,
        QueuesCommand.resume,
        DeadCommand.list,
        DeadCommand.show,
        DeadCommand.replay,
        DeadCommand.discard,
        SuppressionsCommand.list,
        SuppressionsCommand.show,
        SuppressionsCommand.remove,
        OperatorsCommand.add,
        OperatorsCommand.list,
        OperatorsCommand.disable,
        OperatorsCommand.passwd,
        AdminsCommand.invite,
        AdminsCommand.list,
    ]

    static var usage: String {
        """
            usage: booknowctl [--config FILE] [--json] COMMAND [ARGS]
                   booknowctl COMMAND --help
                   booknowctl --version

            Settings come from FILE (see config/booknowd.conf) and BOOKNOW_* variables. Without
            --config: $BOOKNOW_CONFIG, else /etc/booknow/booknowd.conf if it exists, else
            $BOOKNOW_STATE_DIR/booknowd.conf (default .state/) if it exists, else the defaults.
            --json prints every command's result as JSON (snake_case keys).

            commands:
            \(list(commands))
            """
    }

    /// One line per command: its name, padded, and its summary.
    static func list(_ commands: [Command]) -> String {
        let width = commands.map(\.name.count).max() ?? 0
        return commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
            .joined(separator: "\n")
    }

    /// The commands of a group (`dead` → `dead list`, `dead show`, …), empty when `word` names none.
    static func group(_ word: String) -> [Command] {
        commands.filter { $0.name.hasPrefix(word + " ") }
    }

    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        var args = Arguments(arguments)
        do {
            if args.words == ["--version"] {
                print(BuildInfo.versionText(program: "booknowctl"))
                return 0
            }
            let configPath = try args.option("--config")
            let json = args.flag("--json")
            if args.isEmpty || args.words == ["--help"] || args.words == ["help"] {
                print(usage)
                return args.isEmpty ? CLIError.Kind.usage.rawValue : 0
            }
            if let word = args.words.first, args.words.dropFirst().allSatisfy({ $0 == "--help" }),
               !commands.contains(where: { $0.name == word }), !group(word).isEmpty {
                // A group alone (`booknowctl dead`): its commands, as usage; `dead --help` is not an error.
                print("usage: booknowctl \(word) COMMAND [ARGS]\n\ncommands:\n\(list(group(word)))")
                return args.words.count > 1 ? 0 : CLIError.Kind.usage.rawValue
            }
            let command = try find(&args)
            if args.flag("--help") {
                print(command.usage)
                return 0
            }
            try command.run(&args, Context(configPath: configPath, environment: environment, json: json))
            return 0
        } catch {
            let failure = CLIError.from(error)
            FileHandle.standardError.write(Data("booknowctl: \(failure.message)\n".utf8))
            if failure.kind == .usage { FileHandle.standardError.write(Data("try 'booknowctl --help'\n".utf8)) }
            return failure.kind.rawValue
        }
    }

    /// Matches the longest command name ("queues pause" before "queues").
    private static func find(_ args: inout Arguments) throws -> Command {
        let words = args.words.prefix { !$0.hasPrefix("--") }
        for length in stride(from: min(words.count, 3), through: 1, by: -1) {
            let name = words.prefix(length).joined(separator: " ")
            if let command = commands.first(where: { $0.name == name }) {
                for _ in 0..<length { _ = try args.positional("command") }
                return command
            }
        }
        let members = words.first.map(group) ?? []
        guard members.isEmpty else {
            throw CLIError(.usage, "unknown command '\(words.prefix(2).joined(separator: " "))'; '\(words[words.startIndex])' has:\n\(list(members))")
        }
        throw CLIError(.usage, "unknown command '\(words.first ?? "")'")
    }
}
