import Accounts
import Application
import Booking
import BusinessConsole
import Delivery
import Foundation
import Postgres
import Runtime
import Vocabulary
import Web

/// `booknowctl admins invite|list|disable`: the people who sign in to a
/// business's console. An invitation mails a one-time sign-in link through
/// the configured email transport; the link is never printed, so it lives
/// only in the invitee's mailbox. Every change lands in the audit trail
/// (actor kind cli).
enum AdminsCommand {
    static let invite = Command(
        name: "admins invite",
        summary: "invite someone to a business's console: emails them a one-time sign-in link",
        usage: """
            usage: booknowctl admins invite --business ID --email ADDRESS

            Lets ADDRESS sign in to the console (/console) of the business ID (enabling it
            again if it was disabled) and emails it a sign-in link that works once, for 15
            minutes, through [email]/[smtp] as configured. Later they ask for new links on
            the console's sign-in page. Exits 64 for a bad ADDRESS, 65 for an unknown
            business, 69 when the mail could not be sent (the invitation stands: they can
            ask for a link themselves), and 78 when the email settings are wrong.
            """
    ) { args, context in
        let business = try args.requiredID("--business")
        guard let email = try args.option("--email") else { throw CLIError(.usage, "--email ADDRESS is required") }
        try args.finish()
        let config = try context.config()
        let texts: PageTemplates
        do {
            texts = try BusinessConsole.templates(root: URL(fileURLWithPath: config.path("templates.directory")))
        } catch {
            throw CLIError(.config, "templates.directory: \(error)")
        }
        let (token, admin) = try context.connect().withTransaction { connection in
            let admin = try BusinessAdmins.invite(business: business, email: email, invitedBy: "cli:\(context.actor)", on: connection)
            try AuditLog.record(business: business, actor: .cli, actorID: context.actor, method: "POST", route: "booknowctl admins invite",
                                targets: ["admin": String(admin.id)], summary: "invited \(admin.email) to the console", on: connection)
            return (try AdminSignInLinks().issue(admin: admin.id, on: connection), admin)
        }
        let transport = try Application.transport(.email, config: config)
        let mail = try Application.consoleMail(config: config, transport: transport, texts: texts)
        let outcome = mail.send(token: token, to: admin, invitation: true)
        transport.shutdown()
        guard outcome == .delivered else {
            if case .refused(let why) = outcome {
                throw CLIError(.unavailable, "\(admin.email) may sign in to \(admin.businessName), but the invitation was not sent (\(why)); "
                               + "they can ask for a link on the sign-in page, or run this again")
            }
            return
        }
        try context.output(admin) { "invited \(admin.email) to \(admin.businessName); a sign-in link was emailed (it works once, for 15 minutes)" }
    }

    static let list = Command(
        name: "admins list",
        summary: "list the people who may sign in to a business's console",
        usage: """
            usage: booknowctl admins list --business ID

            One line per person: address, enabled or disabled, when they were invited.
            """
    ) { args, context in
        let business = try args.requiredID("--business")
        try args.finish()
        let admins = try BusinessAdmins.list(business: business, on: try context.connect())
        try context.output(admins) {
            guard !admins.isEmpty else { return "nobody may sign in yet (invite someone with 'booknowctl admins invite')" }
            var table = TextTable(["EMAIL", "STATE", "INVITED"])
            for admin in admins { table.append([admin.email, admin.isDisabled ? "disabled" : "enabled", HumanText.text(admin.createdAt)]) }
            return table.render()
        }
    }
}
