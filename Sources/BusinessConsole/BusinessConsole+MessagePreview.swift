import Accounts
import Booking
import Foundation
import HTTPServer
import Notifications
import Postgres
import SMSText
import TemplateOverrides
import Templates
import Vocabulary
import Web

/// The editor's preview: with the documented sample data, or with one of the
/// business's bookings near today, read by `MessageFacts.booking` and
/// written by `MessageComposer.render`, the sender's own steps, so the
/// preview is the message that booking's customer would get (in the
/// language being edited). A booking of another business is not found.
///
/// `POST …/preview/live` is the preview without the page around it: the
/// region the editor's script replaces while someone types. Same CSRF, same
/// lint, same catalog bounds as the Preview button; it stores nothing.
extension BusinessConsole {
    /// How many upcoming and how many past bookings the editor offers to preview with.
    static let previewBookings = 20

    /// What a preview fills the message with.
    enum PreviewData {
        case sample
        /// A booking of the session's business as the sender reads it, and
        /// the reminder lead to show: the business's first reminder offset.
        case booking(UUID, MessageFacts, lead: Duration?)

        var bookingID: UUID? {
            if case .booking(let id, _, _) = self { id } else { nil }
        }

        func render(_ key: TemplateOverrideKey, businessLocale: String, catalog: TemplateCatalog,
                    composer: MessageComposer) throws(TemplateError) -> RenderedMessage {
            switch self {
            case .sample:
                try TemplatePreview.render(kind: key.kind, channel: key.channel, locale: key.locale, business: key.businessID,
                                           businessLocale: businessLocale, catalog: catalog)
            case .booking(_, let data, let lead):
                try composer.render(key.kind, on: key.channel, about: data, locale: key.locale, reminderLead: lead, catalog: catalog)
            }
        }
    }

    /// The data the form's `booking` names: the sample when empty; nil when
    /// it names no booking of the session's business.
    func previewData(_ form: FormBody, _ key: TemplateOverrideKey, _ session: Sessions.AdminSession) throws -> PreviewData? {
        guard let typed = form["booking"], !typed.isEmpty else { return .sample }
        guard let id = UUID(uuidString: typed) else { return nil }
        let business = session.admin.businessID
        return try pool.withConnection { connection -> PreviewData? in
            guard let data = try MessageFacts.booking(business: business, booking: id, on: connection) else { return nil }
            guard key.kind == .reminder else { return .booking(id, data, lead: nil) }
            let policies = Self.object(try BusinessPolicies.get(business: business, on: connection))
            let minutes = (policies?["reminder_offsets_minutes"] as? [Any])?.first as? Int
            return .booking(id, data, lead: minutes.map { .seconds(Int64($0) * 60) })
        }
    }

    /// The live preview: the region of the editor below the form, alone.
    func livePreview(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session), let data = try previewData(form, key, session) else { return notFound(request, session) }
        let parts = typedParts(form, key)
        let trial = render(key, parts, data, session)
        var context = previewContext(request, key, parts: parts, problems: trial.problems, preview: trial.preview, renderError: trial.error,
                                     data: data)
        context["live"] = true
        let html = templates.renderFragment("_message_preview", language: language(request), context: context)
        return PageResponse.html(html, status: trial.preview == nil ? 422 : 200, private: true)
    }

    /// Lint problems, a render's failure, an SMS's measure and the rendered parts.
    func previewContext(_ request: Request, _ key: TemplateOverrideKey, parts: [TemplatePart: String], problems: [LintProblem],
                        preview: RenderedMessage?, renderError: String?, data: PreviewData) -> [String: MustacheValue] {
        let problemRows: [MustacheValue] = problems.map { problem in
            let file = problem.file.split(separator: "/").last.map(String.init) ?? problem.file
            // The part the problem is in, when it is one of this message's (not a shipped partial): its field is the link's target.
            let part = key.channel.parts.first { key.name(of: $0) == file || "typed \(key.name(of: $0))" == file }
            var row: [String: MustacheValue] = [
                "where": .string("\(file):\(problem.line):\(problem.column)"), "line": .string(String(problem.line)),
                "column": .string(String(problem.column)), "severity": .string(problem.severity.rawValue), "message": .string(problem.message)]
            row["part"] = part.map { .string($0.rawValue) } ?? .null
            return .dictionary(MustacheObject(row))
        }
        var context: [String: MustacheValue] = ["problems": .list(problemRows), "has_problems": .bool(!problems.isEmpty)]
        context["render_error"] = renderError.map { .string($0) } ?? .null
        if key.channel == .sms, let body = preview?.parts[.text] ?? (problems.hasErrors ? nil : parts[.text]) {
            let measure = SMSText.measure(body)
            context["sms"] = .dictionary(MustacheObject(["segments": .string(String(measure.segments)),
                                                         "encoding": .string(measure.encoding == .gsm7 ? "GSM-7" : "UCS-2"),
                                                         "units": .string(String(measure.units))]))
        }
        if let preview {
            let rendered: [MustacheValue] = preview.parts.keys.sorted().map { part in
                .dictionary(MustacheObject(["label": .string(text("part_" + part.rawValue, request)), "text": .string(preview.parts[part] ?? "")]))
            }
            context["preview"] = .list(rendered)
        }
        if case .booking(_, let booking, _) = data { context["preview_customer"] = .string(booking.customerName) }
        context["summary"] = .string(text(preview == nil ? "live_preview_failed" : "live_preview_updated", request,
                                          ["count": .string(String(problems.count))]))
        return context
    }

    /// The choices of the preview's data: the sample, the next and the last
    /// `previewBookings` bookings, each named by its time in its location's zone.
    func bookingChoices(_ session: Sessions.AdminSession, chosen: PreviewData) throws -> MustacheValue {
        let near = try pool.withConnection {
            try BookingList.aroundNow(business: session.admin.businessID, count: Self.previewBookings, on: $0)
        }
        func options(_ items: [String]) -> MustacheValue {
            .list(items.compactMap { json -> MustacheValue? in
                guard let object = Self.object(json), let id = object["id"] as? String else { return nil }
                let zone = TimeZone(identifier: (object["time_zone"] as? String) ?? "UTC") ?? .gmt
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                let customer = (object["customer"] as? [String: Any])?["name"] as? String ?? ""
                let label = "\(Self.when(object, calendar)) \(zone.identifier) · \(Self.name(object["service"])) · \(customer) · "
                    + (object["status"] as? String ?? "")
                return .dictionary(MustacheObject(["id": .string(id), "label": .string(label),
                                                   "selected": .bool(UUID(uuidString: id) == chosen.bookingID)]))
            })
        }
        return .dictionary(MustacheObject([
            "upcoming": options(near.upcoming), "has_upcoming": .bool(!near.upcoming.isEmpty),
            "recent": options(near.recent), "has_recent": .bool(!near.recent.isEmpty)]))
    }
}
