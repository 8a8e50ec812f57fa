import Vocabulary
import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The console's home and its people: who may sign in for this business,
/// inviting another, and disabling one (which ends their sessions). Changes
/// land in the audit trail with actor kind `admin`.
extension BusinessConsole {
    func home(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        page("home", request, session, title: "home_title", ["business": .string(session.admin.businessName)])
    }

    func admins(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, error: String? = nil,
                typed: String = "") throws -> Response {
        let admins = try pool.withConnection { try BusinessAdmins.list(business: session.admin.businessID, on: $0) }
        let flash: String? = switch request.query["done"] {
        case "invited": "admins_invited"
        case "disabled": "admins_disabled"
        default: nil
        }
        let rows: [MustacheValue] = admins.map { admin in
            let row: [String: MustacheValue] = [
                "id": .string(String(admin.id)), "email": .string(admin.email), "disabled": .bool(admin.isDisabled),
                "is_self": .bool(admin.id == session.admin.id)]
            return .dictionary(MustacheObject(row))
        }
        var context: [String: MustacheValue] = ["admins": .list(rows), "typed": .string(typed)]
        context["flash"] = flash.map { .string(text($0, request)) } ?? .null
        context["error_text"] = error.map { .string(text($0, request)) } ?? .null
        return page("admins", request, session, status: status, title: "admins_title", context)
    }

    /// Invites an address to this business and mails it a link.
    func invite(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        let typed = String((form["email"] ?? "").prefix(254))
        guard BusinessAdmins.normalized(typed) != nil else {
            return try admins(request, session, status: 422, error: "admins_bad_email", typed: typed)
        }
        let (token, admin) = try pool.withTransaction { connection in
            let admin = try BusinessAdmins.invite(business: session.admin.businessID, email: typed,
                                                  invitedBy: "admin:\(session.admin.id)", on: connection)
            try audit(session, "/console/admins/invite", ["admin": String(admin.id)], "invited \(admin.email) to the console", connection)
            return (try links.issue(admin: admin.id, on: connection), admin)
        }
        guard mail.send(token: token, to: admin, invitation: true) == .delivered else {
            return try admins(request, session, status: 502, error: "admins_mail_failed", typed: typed)
        }
        return PageResponse.redirect(to: "/console/admins?done=invited")
    }

    /// Disables an admin of this business; another business's id is not found.
    func disableAdmin(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let id = Int64(request.parameter("id")) else { return notFound(request, session) }
        guard id != session.admin.id else { return try admins(request, session, status: 422, error: "admins_not_self") }
        let disabled = try pool.withTransaction { connection -> BusinessAdmins.Admin? in
            guard let admin = try BusinessAdmins.disable(id, business: session.admin.businessID, on: connection) else { return nil }
            try audit(session, "/console/admins/{id}/disable", ["admin": String(id)], "disabled \(admin.email) and ended their sessions", connection)
            return admin
        }
        guard disabled != nil else { return notFound(request, session) }
        return PageResponse.redirect(to: "/console/admins?done=disabled")
    }

    /// One entry of the audit trail, in the change's transaction, under the admin's address.
    func audit(_ session: Sessions.AdminSession, _ route: String, _ targets: [String: String], _ summary: String,
               _ connection: Connection) throws {
        try AuditLog.record(business: session.admin.businessID, actor: .admin, actorID: session.admin.email, method: "POST",
                            route: route, targets: targets, summary: summary, on: connection)
    }
}
