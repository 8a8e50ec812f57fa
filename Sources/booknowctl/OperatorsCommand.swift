import Accounts
import Booking
import Foundation
import Glibc
import Postgres

/// `booknowctl operators add|list|disable|passwd`: the accounts that sign in to
/// the operator console. Passwords come from a terminal prompt (echo off,
/// asked twice) or, when stdin is not a terminal, its first line; never from
/// the command line, where `ps` and shell history would keep them. Every
/// change is recorded in the audit trail (actor kind cli).
enum OperatorsCommand {
    static let add = Command(
        name: "operators add",
        summary: "create an operator console account (password from a prompt or stdin)",
        usage: """
            usage: booknowctl operators add NAME --role viewer|operator

            Creates the account NAME (lower-case letters, digits, '.', '_', '-'). A viewer sees
            every console page and can change nothing; an operator may also replay and discard
            dead letters, pause and resume queues, and lift suppressions. The password (12
            characters at least) is asked at the terminal, or read from stdin's first line:
              printf '%s\\n' "$PASSWORD" | booknowctl operators add alice --role operator
            Exits 65 when the name is taken.
            """
    ) { args, context in
        let role = try args.role()
        let name = try args.positional("NAME")
        try args.finish()
        let password = try readPassword()
        let account = try context.connect().withTransaction { connection in
            let account = try OperatorAccounts().add(name: name, role: role, password: password, on: connection)
            try audit("add", account, "created operator \(account.name) (\(account.role.rawValue))", context, connection)
            return account
        }
        try context.output(account) { "created operator \(account.name) (\(account.role.rawValue))" }
    }

    static let list = Command(
        name: "operators list",
        summary: "list operator console accounts",
        usage: """
            usage: booknowctl operators list

            Every account: name, role, whether it is disabled, when its password last changed.
            """
    ) { args, context in
        try args.finish()
        let accounts = try OperatorAccounts.list(on: try context.connect())
        try context.output(accounts) {
            guard !accounts.isEmpty else { return "no operators (create one with 'booknowctl operators add NAME --role operator')" }
            var table = TextTable(["NAME", "ROLE", "STATE", "PASSWORD CHANGED"])
            for account in accounts {
                table.append([account.name, account.role.rawValue, account.isDisabled ? "disabled" : "active",
                              HumanText.text(account.passwordChangedAt)])
            }
            return table.render()
        }
    }

    static let disable = Command(
        name: "operators disable",
        summary: "disable an operator account and end its sessions",
        usage: """
            usage: booknowctl operators disable NAME

            The account can no longer sign in, and every browser signed in as it is signed out
            at its next request. Exits 65 when there is no such account.
            """
    ) { args, context in
        let name = try args.positional("NAME")
        try args.finish()
        let account = try context.connect().withTransaction { connection in
            let account = try OperatorAccounts.disable(name, on: connection)
            try audit("disable", account, "disabled operator \(account.name) and ended its sessions", context, connection)
            return account
        }
        try context.output(account) { "disabled operator \(account.name); its sessions have ended" }
    }

    static let passwd = Command(
        name: "operators passwd",
        summary: "set an operator's password (from a prompt or stdin) and end its sessions",
        usage: """
            usage: booknowctl operators passwd NAME

            Sets a new password, asked at the terminal or read from stdin's first line, and
            signs the account out everywhere. Exits 65 when there is no such account.
            """
    ) { args, context in
        let name = try args.positional("NAME")
        try args.finish()
        let password = try readPassword()
        let account = try context.connect().withTransaction { connection in
            let account = try OperatorAccounts().setPassword(name, password: password, on: connection)
            try audit("passwd", account, "set the password of operator \(account.name) and ended its sessions", context, connection)
            return account
        }
        try context.output(account) { "password of \(account.name) changed; its sessions have ended" }
    }

    private static func audit(_ action: String, _ account: OperatorAccounts.Account, _ summary: String, _ context: Context,
                              _ connection: Connection) throws {
        try AuditLog.record(business: nil, actor: .cli, actorID: context.actor, method: "POST", route: "booknowctl operators \(action)",
                            targets: ["operator": account.name], summary: summary, on: connection)
    }

    /// The password: from the terminal with echo off (asked twice), else stdin's first line.
    static func readPassword() throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("Password: ")
            let second = try prompt("Again: ")
            guard first == second else { throw CLIError(.usage, "the two passwords differ; nothing was changed") }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIError(.noInput, "no password on stdin (pipe it in, or run at a terminal to be asked)")
        }
        return line
    }

    /// One line from the terminal with echo off, restored whatever happens.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw CLIError(.noInput, "cannot read the terminal's settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CLIError(.noInput, "no password given") }
        return line
    }
}

extension Arguments {
    /// Removes `--role viewer|operator` (required).
    mutating func role() throws -> OperatorRole {
        guard let text = try option("--role") else { throw CLIError(.usage, "--role viewer|operator is required") }
        guard let role = OperatorRole(rawValue: text) else { throw CLIError(.usage, "--role is viewer or operator, not '\(text)'") }
        return role
    }
}
