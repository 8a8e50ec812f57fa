import Vocabulary
import Accounts
import Booking
import Foundation
import HTTPServer
import Postgres
import TemplateOverrides
import Templates
import Web

/// Messages: the business's template overrides, through the same
/// `TemplateOverrideEditor` as `/v1/admin/templates` and `booknowctl
/// templates` (lint first, a version per change, history, rollback, reset).
///
/// The editor shows the override in force, or the shipped default to start
/// from. "Preview" lints what was typed and renders it with the sample data,
/// or with one of the business's bookings as the sender would write to its
/// customer, without storing anything; "Save" stores it only when lint finds
/// no error. With the script, the preview follows the typing
/// (`BusinessConsole+MessagePreview.swift`).
/// Rendering uses the catalog's bounds (partial depth, output size), and the
/// parser bounds nesting, so a hostile template is refused, never run long.
extension BusinessConsole {
    /// Every kind × channel × locale, and whether an override is in force.
    func messages(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        var rows: [MustacheValue] = []
        for kind in MessageKind.allCases {
            for channel in Channel.allCases {
                for locale in templates.languages {
                    let key = TemplateOverrideKey(business: session.admin.businessID, kind: kind, channel: channel, locale: locale)
                    let version = try editor.store.latest(key)
                    let row: [String: MustacheValue] = [
                        "kind": .string(kind.rawValue), "channel": .string(channel.rawValue), "locale": .string(locale),
                        "overridden": .bool(version?.isOverride == true), "version": .string(version.map { String($0.version) } ?? ""),
                        "path": .string(Self.messagePath(key))]
                    rows.append(.dictionary(MustacheObject(row)))
                }
            }
        }
        return page("messages", request, session, title: "messages_title", ["messages": .list(rows)])
    }

    static func messagePath(_ key: TemplateOverrideKey) -> String {
        "/console/messages/\(key.kind.rawValue)/\(key.channel.rawValue)/\(key.locale)"
    }

    /// The message the path names, in the session's business; nil for an unknown kind, channel or locale.
    func messageKey(_ request: Request, _ session: Sessions.AdminSession) -> TemplateOverrideKey? {
        guard let kind = MessageKind(rawValue: request.parameter("kind")), let channel = Channel(rawValue: request.parameter("channel")),
              templates.languages.contains(request.parameter("locale"))
        else { return nil }
        return TemplateOverrideKey(business: session.admin.businessID, kind: kind, channel: channel, locale: request.parameter("locale"))
    }

    /// The editor: the text in force (override or default), variables, history.
    func message(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        guard let key = messageKey(request, session) else { return notFound(request, session) }
        let current = try editor.store.current(key)
        var parts: [TemplatePart: String] = [:]
        for part in key.channel.parts {
            parts[part] = current?.parts[part]
                ?? (try? editor.defaults.source(named: key.name(of: part), locale: key.locale, business: nil))?.text ?? ""
        }
        let flash: String? = switch request.query["done"] {
        case "saved": "messages_saved"
        case "rolled_back": "messages_rolled_back"
        case "reset": "messages_reset"
        default: nil
        }
        return try editorPage(request, session, key, parts: parts, flash: flash.map { text($0, request) })
    }

    /// Lints the typed parts and renders them with the sample data or the chosen booking; stores nothing.
    func previewMessage(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session), let data = try previewData(form, key, session) else { return notFound(request, session) }
        let parts = typedParts(form, key)
        let trial = render(key, parts, data, session)
        return try editorPage(request, session, key, parts: parts, problems: trial.problems, preview: trial.preview,
                              renderError: trial.error, status: trial.preview == nil ? 422 : 200, data: data)
    }

    /// "Send me a test": the typed parts rendered as the preview renders them,
    /// emailed to the signed-in admin's own address (an SMS's text too: admins
    /// have no phone on file). Stores nothing; what was typed stays in the editor.
    func testMessage(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session), let data = try previewData(form, key, session) else { return notFound(request, session) }
        let parts = typedParts(form, key)
        let trial = render(key, parts, data, session)
        guard let preview = trial.preview else {
            return try editorPage(request, session, key, parts: parts, problems: trial.problems, renderError: trial.error, status: 422,
                                  data: data)
        }
        let label = text("test_subject_prefix", request)
        let outcome = mail.send(to: session.admin.email,
                                subject: label + " " + (preview.parts[.subject] ?? "\(key.kind.rawValue) \(key.channel.rawValue) \(key.locale)"),
                                text: preview.parts[.text] ?? "", html: preview.parts[.html])
        guard outcome == .delivered else {
            return try editorPage(request, session, key, parts: parts, preview: preview, renderError: text("test_failed", request), status: 502,
                                  data: data)
        }
        return try editorPage(request, session, key, parts: parts, preview: preview,
                              flash: text("test_sent", request, ["address": .string(session.admin.email)]), data: data)
    }

    /// Lint, then (when clean) a render with `data` in a catalog of its own
    /// whose overrides are the typed parts, within the catalog's bounds. A
    /// render that fails or falls back says why instead of previewing something else.
    func render(_ key: TemplateOverrideKey, _ parts: [TemplatePart: String], _ data: PreviewData, _ session: Sessions.AdminSession)
        -> (problems: [LintProblem], preview: RenderedMessage?, error: String?) {
        let problems = editor.lint(key, parts: sources(parts, key))
        guard !problems.hasErrors else { return (problems, nil, nil) }
        let catalog = TemplateCatalog(defaults: editor.defaults, overrides: TypedParts(key: key, parts: parts))
        do {
            let rendered = try data.render(key, businessLocale: session.admin.businessLocale, catalog: catalog, composer: composer)
            if let fallback = rendered.fallbacks.first { return (problems, nil, fallback.description) }
            return (problems, rendered, nil)
        } catch {
            return (problems, nil, "\(error)")
        }
    }

    /// Stores the typed parts as a new version, refused while lint finds an error.
    func saveMessage(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session) else { return notFound(request, session) }
        let parts = typedParts(form, key)
        do {
            let version = try editor.set(key, parts: sources(parts, key), by: author(session))
            try auditMessage(session, key, "/console/messages/{kind}/{channel}/{locale}/save", "saved version \(version.version)")
        } catch let error as TemplateOverrideError where error.code == .lintFailed || error.code == .invalidRequest {
            let problems = error.problems.isEmpty ? [LintProblem(.error, file: key.name(of: .text), error.message)] : error.problems
            return try editorPage(request, session, key, parts: parts, problems: problems, status: 422, refused: true)
        }
        return PageResponse.redirect(to: Self.messagePath(key) + "?done=saved")
    }

    func rollbackMessage(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session), let number = form["version"].flatMap({ Int($0) }) else {
            return notFound(request, session)
        }
        do {
            _ = try editor.rollback(key, to: number, by: author(session))
        } catch where error.code == .versionNotFound {
            return notFound(request, session)
        } catch where error.code == .lintFailed || error.code == .invalidRequest {
            let current = try editor.store.current(key)
            let problems = error.problems.isEmpty ? [LintProblem(.error, file: key.name(of: .text), error.message)] : error.problems
            return try editorPage(request, session, key, parts: current?.parts ?? [:], problems: problems, status: 422, refused: true)
        } catch {
            throw error
        }
        try auditMessage(session, key, "/console/messages/{kind}/{channel}/{locale}/rollback", "rolled back to version \(number)")
        return PageResponse.redirect(to: Self.messagePath(key) + "?done=rolled_back")
    }

    func resetMessage(_ request: Request, _ session: Sessions.AdminSession, _ form: FormBody) throws -> Response {
        guard let key = messageKey(request, session) else { return notFound(request, session) }
        if try editor.reset(key, by: author(session)) != nil {
            try auditMessage(session, key, "/console/messages/{kind}/{channel}/{locale}/reset", "reset to the defaults")
        }
        return PageResponse.redirect(to: Self.messagePath(key) + "?done=reset")
    }

    /// Two versions of the message side by side as a line diff, per part.
    func diffMessage(_ request: Request, _ session: Sessions.AdminSession) throws -> Response {
        guard let key = messageKey(request, session), let from = request.query["from"].flatMap({ Int($0) }),
              let to = request.query["to"].flatMap({ Int($0) }),
              let old = try editor.store.version(key, from), let new = try editor.store.version(key, to)
        else { return notFound(request, session) }
        var parts: [MustacheValue] = []
        for part in key.channel.parts where old.parts[part] != nil || new.parts[part] != nil {
            var lines: [MustacheValue] = []
            let changes = LineDiff.lines(from: old.parts[part] ?? "", to: new.parts[part] ?? "")
            for change in changes ?? [] {
                let (mark, kind, line): (String, String, String) = switch change {
                case .kept(let line): (" ", "kept", line)
                case .removed(let line): ("−", "removed", line)
                case .added(let line): ("+", "added", line)
                }
                lines.append(.dictionary(MustacheObject(["mark": .string(mark), "kind": .string(kind), "line": .string(line)])))
            }
            let row: [String: MustacheValue] = ["label": .string(text("part_" + part.rawValue, request)), "lines": .list(lines),
                                                "too_long": .bool(changes == nil)]
            parts.append(.dictionary(MustacheObject(row)))
        }
        return page("diff", request, session, title: "diff_title", [
            "kind": .string(key.kind.rawValue), "channel": .string(key.channel.rawValue), "locale": .string(key.locale),
            "path": .string(Self.messagePath(key)), "from": .string(String(from)), "to": .string(String(to)), "parts": .list(parts)])
    }

    // MARK: - Helpers

    /// The parts a form carries, only those the channel has, each capped at the table's limit (lint says so when cut).
    func typedParts(_ form: FormBody, _ key: TemplateOverrideKey) -> [TemplatePart: String] {
        var parts: [TemplatePart: String] = [:]
        for part in key.channel.parts {
            // Browsers send CRLF line ends from a textarea; templates are stored with LF.
            let text = (form[part.rawValue] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            if !text.isEmpty || key.channel.requiredParts.contains(part) { parts[part] = text }
        }
        return parts
    }

    func sources(_ parts: [TemplatePart: String], _ key: TemplateOverrideKey) -> [TemplatePart: TemplateSource] {
        parts.reduce(into: [:]) { $0[$1.key] = TemplateSource(text: $1.value, origin: key.name(of: $1.key)) }
    }

    func author(_ session: Sessions.AdminSession) -> String { "admin:" + session.admin.email }

    func auditMessage(_ session: Sessions.AdminSession, _ key: TemplateOverrideKey, _ route: String, _ summary: String) throws {
        try pool.withTransaction { connection in
            try audit(session, route, ["template": "\(key.kind.rawValue)/\(key.channel.rawValue)/\(key.locale)"],
                      "\(key.kind.rawValue) \(key.channel.rawValue) \(key.locale): \(summary)", connection)
        }
    }

    func editorPage(_ request: Request, _ session: Sessions.AdminSession, _ key: TemplateOverrideKey, parts: [TemplatePart: String],
                    problems: [LintProblem] = [], preview: RenderedMessage? = nil, renderError: String? = nil, flash: String? = nil,
                    status: Int = 200, refused: Bool = false, data: PreviewData = .sample) throws -> Response {
        let history = try editor.store.history(key).reversed()
        let inForce = try editor.store.current(key)?.version
        let fields: [MustacheValue] = key.channel.parts.map { part in
            let body = parts[part] ?? ""
            let row: [String: MustacheValue] = [
                "part": .string(part.rawValue), "label": .string(text("part_" + part.rawValue, request)), "text": .string(body),
                "rows": .string(String(min(30, max(3, body.split(separator: "\n", omittingEmptySubsequences: false).count + 1))))]
            return .dictionary(MustacheObject(row))
        }
        let variables: [MustacheValue] = TemplateVariables.variables(for: key.kind).map { variable in
            .dictionary(MustacheObject(["tag": .string("{{" + variable.name + "}}"), "summary": .string(variable.summary)]))
        }
        let versions: [MustacheValue] = history.enumerated().map { index, version in
            let row: [String: MustacheValue] = [
                "version": .string(String(version.version)), "action": .string(version.action.rawValue), "by": .string(version.updatedBy),
                "at": .string(version.createdAt.formatted(.iso8601)), "in_force": .bool(version.version == inForce),
                "can_roll_back": .bool(version.isOverride && version.version != inForce), "is_second": .bool(index == 1)]
            return .dictionary(MustacheObject(row))
        }
        var context = previewContext(request, key, parts: parts, problems: problems, preview: preview, renderError: renderError, data: data)
        context.merge([
            "kind": .string(key.kind.rawValue), "channel": .string(key.channel.rawValue), "locale": .string(key.locale),
            "path": .string(Self.messagePath(key)), "fields": .list(fields), "variables": .list(variables), "versions": .list(versions),
            "has_versions": .bool(!versions.isEmpty), "can_compare": .bool(versions.count >= 2), "overridden": .bool(inForce != nil),
            "refused": .bool(refused), "booking_choices": try bookingChoices(session, chosen: data),
        ]) { _, page in page }
        context["flash"] = flash.map { .string($0) } ?? .null
        return page("message", request, session, status: status, title: "message_title", context)
    }
}

/// What an admin typed, as the override store of a preview's own catalog:
/// the message's parts for its business and locale, nothing else.
struct TypedParts: TemplateStore {
    let key: TemplateOverrideKey
    let parts: [TemplatePart: String]

    func source(named name: String, locale: String, business: String?) throws(TemplateError) -> TemplateSource? {
        guard business == key.businessID, locale == key.locale,
              let part = key.channel.parts.first(where: { key.name(of: $0) == name }), let text = parts[part]
        else { return nil }
        return TemplateSource(text: text, origin: "typed \(name)")
    }
}
