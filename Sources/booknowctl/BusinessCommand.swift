import Booking
import Foundation
import Postgres

/// `booknowctl business create|list|disable|page`: the tenants.
enum BusinessCommand {
    static let create = Command(
        name: "business create",
        summary: "create a business",
        usage: """
            usage: booknowctl business create NAME --time-zone ZONE

            ZONE is an IANA name such as Europe/London. Prints the new business's id.
            """
    ) { args, context in
        guard let zone = try args.option("--time-zone") else { throw CLIError(.usage, "--time-zone ZONE is required") }
        let name = try args.positional("NAME")
        try args.finish()
        let business = try context.connect().withTransaction { try BusinessStore.create(name: name, timeZone: zone, on: $0) }
        try context.output(business) { "created business \(business.id.uuidString.lowercased()) \(business.name)" }
    }

    static let list = Command(
        name: "business list",
        summary: "list businesses",
        usage: """
            usage: booknowctl business list

            One line per business: id, time zone, active or disabled, name.
            """
    ) { args, context in
        try args.finish()
        let businesses = try BusinessStore.list(on: try context.connect())
        try context.output(businesses) {
            businesses.map { "\($0.id.uuidString.lowercased())  \($0.timeZone)  \($0.disabledAt == nil ? "active" : "disabled")  \($0.name)" }
                .joined(separator: "\n")
        }
    }

    static let disable = Command(
        name: "business disable",
        summary: "disable a business: its API keys stop working at once",
        usage: """
            usage: booknowctl business disable --business ID

            Keeps every row; the business's keys are refused and nothing can be booked.
            """
    ) { args, context in
        let id = try args.requiredID("--business")
        try args.finish()
        let business = try context.connect().withTransaction { try BusinessStore.disable(id, on: $0) }
        try context.output(business) { "disabled business \(business.id.uuidString.lowercased()) \(business.name)" }
    }

    static let page = Command(
        name: "business page",
        summary: "set a business's booking page address (/book/SLUG) and the phone its pages show",
        usage: """
            usage: booknowctl business page --business ID [--slug SLUG] [--phone +E164]

            SLUG: 1 to 48 lower-case letters, digits and inner hyphens, unique
            (the old /book/SLUG stops working). PHONE in E.164 form, shown on the
            pages and in messages. Prints the page's path. Recorded in the audit trail.
            """
    ) { args, context in
        let id = try args.requiredID("--business")
        let slug = try args.option("--slug"), phone = try args.option("--phone")
        try args.finish()
        guard slug != nil || phone != nil else { throw CLIError(.usage, "give --slug SLUG, --phone +E164 or both") }
        let path = try context.connect().withTransaction { connection in
            let saved = try BusinessStore.setPage(id, slug: slug, phone: phone, on: connection)
            var targets = ["slug": saved]
            if let phone { targets["phone"] = phone }
            try AuditLog.record(business: id, actor: .cli, actorID: context.actor, method: "POST", route: "booknowctl business page",
                                targets: targets, summary: "set the booking page to /book/\(saved)" + (phone == nil ? "" : " and the phone"),
                                on: connection)
            return "/book/\(saved)"
        }
        try context.output(["business": id.uuidString.lowercased(), "page": path]) { "business \(id.uuidString.lowercased()) books at \(path)" }
    }
}
