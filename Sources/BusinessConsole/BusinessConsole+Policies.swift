import Vocabulary
import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import Templates
import Web

/// The business's policies, through `BusinessPolicies` as
/// `PATCH /v1/admin/policies` changes them: each field checked here with a
/// message that says what to type, the rules between fields (the horizon
/// beyond the notice, quiet hours both or neither) by the table's CHECKs.
/// A change applies to bookings made afterwards.
extension BusinessConsole {
    /// The longest length of time a policy takes, as the API's: a year and a day.
    static let maxMinutes = 366 * 24 * 60

    /// The form's fields: name, kind.
    enum PolicyField: String, CaseIterable {
        case minNotice = "min_notice_minutes", horizon = "booking_horizon_minutes", cancellationNotice = "cancellation_notice_minutes"
        case reminders = "reminder_offsets_minutes", waitlistPolicy = "waitlist_policy", waitlistHold = "waitlist_hold_minutes"
        case quietStart = "sms_quiet_start", quietEnd = "sms_quiet_end", senderName = "sender_name", replyTo = "reply_to"
    }

    func policies(_ request: Request, _ session: Sessions.AdminSession, status: Int = 200, typed: [String: String]? = nil,
                  errors: [String] = []) throws -> Response {
        var values = typed ?? [:]
        if typed == nil {
            let json = try pool.withConnection { try BusinessPolicies.get(business: session.admin.businessID, on: $0) }
            for (name, value) in Self.object(json) ?? [:] {
                switch value {
                case let list as [Any]: values[name] = list.map { "\($0)" }.joined(separator: ", ")
                case is NSNull: values[name] = ""
                default: values[name] = "\(value)"
                }
            }
        }
        var context: [String: MustacheValue] = [:]
        for field in PolicyField.allCases { context[field.rawValue] = .string(values[field.rawValue] ?? "") }
        context["policy_hold"] = .bool(values[PolicyField.waitlistPolicy.rawValue] != "notify_all")
        context["errors"] = .list(errors.map { .string($0) })
        context["has_errors"] = .bool(!errors.isEmpty)
        context["saved"] = .bool(request.query["done"] == "saved" && errors.isEmpty)
        return page("policies", request, session, status: status, title: "policies_title", context)
    }

    func savePolicies(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        var typed: [String: String] = [:]
        for field in PolicyField.allCases { typed[field.rawValue] = String((form[field.rawValue] ?? "").trimmingCharacters(in: .whitespaces).prefix(300)) }
        var columns: [String: Any] = [:]
        var errors: [String] = []
        func minutes(_ field: PolicyField, _ column: String, minimum: Int) {
            guard let value = Int(typed[field.rawValue] ?? ""), (minimum...Self.maxMinutes).contains(value) else {
                errors.append(text("policy_error_minutes", request, ["field": .string(text("policy_" + field.rawValue, request)),
                                                                     "minimum": .string(String(minimum)), "maximum": .string(String(Self.maxMinutes))]))
                return
            }
            columns[column] = "\(value) minutes"
        }
        minutes(.minNotice, "min_notice", minimum: 0)
        minutes(.horizon, "booking_horizon", minimum: 1)
        minutes(.cancellationNotice, "cancellation_notice", minimum: 0)
        minutes(.waitlistHold, "waitlist_hold", minimum: 1)
        let offsets = (typed[PolicyField.reminders.rawValue] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let offsetMinutes = offsets.compactMap { Int($0) }.filter { (1...Self.maxMinutes).contains($0) }
        if offsets.count > 5 || offsetMinutes.count != offsets.count {
            errors.append(text("policy_error_reminders", request))
        } else {
            columns["reminder_offsets"] = offsetMinutes.map { "\($0) minutes" }
        }
        let policy = typed[PolicyField.waitlistPolicy.rawValue] ?? ""
        if ["hold", "notify_all"].contains(policy) { columns["waitlist_policy"] = policy } else { errors.append(text("policy_error_choice", request)) }
        for (field, column) in [(PolicyField.quietStart, "sms_quiet_start"), (.quietEnd, "sms_quiet_end")] {
            let value = typed[field.rawValue] ?? ""
            if value.isEmpty { columns[column] = NSNull(); continue }
            let parts = value.split(separator: ":").compactMap { Int($0) }
            guard value.count == 5, parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
                errors.append(text("policy_error_time", request, ["field": .string(text("policy_" + field.rawValue, request))]))
                continue
            }
            columns[column] = value
        }
        let sender = typed[PolicyField.senderName.rawValue] ?? ""
        if sender.count <= 100 { columns["sender_name"] = sender } else { errors.append(text("policy_error_sender", request)) }
        let replyTo = typed[PolicyField.replyTo.rawValue] ?? ""
        if replyTo.isEmpty { columns["reply_to"] = NSNull() } else if let address = BusinessAdmins.normalized(replyTo), address.contains(".") {
            columns["reply_to"] = address
        } else {
            errors.append(text("policy_error_reply_to", request))
        }
        guard errors.isEmpty else { return try policies(request, session, status: 422, typed: typed, errors: errors) }
        let changes = String(decoding: try JSONSerialization.data(withJSONObject: columns, options: [.sortedKeys]), as: UTF8.self)
        do {
            try pool.withTransaction { connection in
                _ = try BusinessPolicies.update(business: session.admin.businessID, changes: changes, on: connection)
                try audit(session, "/console/policies", ["business": session.admin.businessID.uuidString.lowercased()],
                          "changed policies", connection)
            }
        } catch let error as BookingError where error.code == .constraintViolated {
            // A rule between fields: the horizon beyond the notice, quiet hours both set or neither, reminder offsets distinct.
            return try policies(request, session, status: 422, typed: typed, errors: [text("policy_error_together", request)])
        }
        return PageResponse.redirect(to: "/console/policies?done=saved")
    }
}
