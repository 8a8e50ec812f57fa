import Booking
import Foundation
import HTTPServer
import Postgres
import TemplateOverrides
import Templates
import Vocabulary

extension AdminRoutes {
    static let templatePath = "/v1/admin/templates/{kind}/{channel}/{locale}"

    /// Message template overrides over `TemplateOverrideEditor`: show, set
    /// (lint first: 422 with the problems), history, rollback, reset, and
    /// preview with sample data or one of the business's bookings.
    ///
    /// The editor writes in transactions of its own (it serialises writers of
    /// one message with an advisory lock), so these changes take no
    /// `Idempotency-Key`, and each audit entry is written right after its
    /// change commits.
    func registerTemplates(on router: inout Router) {
        let path = Self.templatePath
        read(&router, path) { request, grant, _ in
            let key = try Self.templateKey(request, grant)
            return Self.json(Self.templateView(key, try Self.templates { try editor.store.current(key) }))
        }
        read(&router, path + "/history") { request, grant, _ in
            let key = try Self.templateKey(request, grant)
            return Self.list(try Self.templates { try editor.store.history(key) }.reversed().map { Self.templateView(key, $0) })
        }
        templateChange(&router, .put, path) { request, grant, key in
            let object = try AdminSchema.object(request.body)
            // The schema names every part any channel has (400 for others, or a
            // part that is no string); which parts this channel takes is a rule
            // (422 `invalid_template_parts`).
            var problems: [APIError.InputProblem] = []
            func problem(_ rule: String?, _ field: String, _ message: String) {
                problems.append(APIError.InputProblem(rule: rule, error: APIError.FieldError(field: field, message: message)))
            }
            let rule = "invalid_template_parts"
            var parts: [TemplatePart: TemplateSource] = [:]
            for (name, value) in object {
                guard let part = TemplatePart(rawValue: name) else {
                    problem(nil, name, "is not a template part (subject, text, html)")
                    continue
                }
                guard let text = value as? String else {
                    problem(nil, name, "must be a string")
                    continue
                }
                guard key.channel.parts.contains(part) else {
                    problem(rule, name, "is not a part of \(key.channel.rawValue) messages (\(key.channel.parts.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                parts[part] = TemplateSource(text: text, origin: key.name(of: part))
            }
            for part in key.channel.requiredParts where parts[part] == nil && problems.isEmpty {
                problem(rule, part.rawValue, "is required in \(key.channel.rawValue) messages")
            }
            if let answer = APIError.refusing(problems) { throw answer }
            let version = try Self.templates { try editor.set(key, parts: parts, by: Self.author(grant)) }
            return (version, "set template parts: \(parts.keys.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        templateChange(&router, .post, path + "/rollback") { request, grant, key in
            var input = try InputReader(body: request.body)
            let number = input.positiveInteger("version")
            try input.finish()
            guard let number else { throw APIError.validation(input.errors) }
            return (try Self.templates { try editor.rollback(key, to: number, by: Self.author(grant)) }, "rolled template back to version \(number)")
        }
        templateChange(&router, .post, path + "/reset") { request, grant, key in
            _ = try Self.noFields.read(request.body, isCreate: false)
            return (try Self.templates { try editor.reset(key, by: Self.author(grant)) }, "reset template to the defaults")
        }
        read(&router, path + "/preview") { request, grant, connection in
            let key = try Self.templateKey(request, grant)
            var input = InputReader(lookup: { request.query[$0] }, prefix: "")
            let booking = request.query["booking"] == nil ? nil : input.uuid("booking")
            try input.finish()
            let businessLocale = try Self.templates { try editor.store.defaultLocale(of: grant.businessID) }
            let message: RenderedMessage
            do {
                if let booking {
                    guard let facts = try MessageFacts.booking(business: grant.businessID, booking: booking, on: connection) else {
                        throw APIError(BookingError(.notFound, "no such booking"))
                    }
                    message = try catalog.render(Self.messageInput(key, facts), channel: key.channel, business: key.businessID,
                                                 businessLocale: businessLocale)
                } else {
                    message = try TemplatePreview.render(kind: key.kind, channel: key.channel, locale: key.locale, business: key.businessID,
                                                         businessLocale: businessLocale, catalog: catalog)
                }
            } catch let error as TemplateError {
                throw APIError(status: 422, code: "template_render_failed", title: "Cannot render", detail: String(describing: error))
            }
            return APIJSON.response(PreviewView(message, booking: booking))
        }
    }

    /// A template change: authorised, run through the editor, then audited.
    private func templateChange(_ router: inout Router, _ method: HTTPMethod, _ pattern: String,
                                _ body: @escaping @Sendable (Request, APIKeyStore.Grant, TemplateOverrideKey) throws -> (TemplateVersion?, String)) {
        router.add(method, pattern) { request in
            try self.admin(request) { grant in
                let key = try Self.templateKey(request, grant)
                let (version, summary) = try body(request, grant, key)
                let response = Self.json(Self.templateView(key, version))
                try self.pool.withTransaction { connection in
                    try self.audit(grant, method, pattern, Outcome(response: response, targets: ["template": "\(key.kind.rawValue)/\(key.channel.rawValue)/\(key.locale)"],
                                                                   summary: summary), client: request.clientAddress, on: connection)
                }
                return response
            }
        }
    }

    /// Who the editor records as a version's author: the key's prefix, which admins see in their key list.
    static func author(_ grant: APIKeyStore.Grant) -> String { "api-key:\(grant.prefix)" }

    /// The message the path names: unknown kinds and channels name nothing (404); a malformed locale is a 400 (the schema's pattern).
    static func templateKey(_ request: Request, _ grant: APIKeyStore.Grant) throws -> TemplateOverrideKey {
        guard let kind = MessageKind(rawValue: request.parameter("kind")), let channel = Channel(rawValue: request.parameter("channel")) else {
            throw APIError(BookingError(.notFound, "no such message kind or channel"))
        }
        let locale = request.parameter("locale")
        guard TemplateOverrideKey.isValidLocale(locale) else {
            throw APIError.validation([APIError.FieldError(field: "locale", message: "must be a language tag such as en or es-MX")])
        }
        return TemplateOverrideKey(business: grant.businessID, kind: kind, channel: channel, locale: locale)
    }

    /// Runs an editor or store call, answering its refusals as problem+json.
    static func templates<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TemplateOverrideError {
            switch error.code {
            case .lintFailed:
                var problem = APIError(status: 422, code: error.code.rawValue, title: "Template lint failed", detail: error.message)
                problem.problems = error.problems.map {
                    APIError.LintFinding(severity: $0.severity.rawValue, file: $0.file, line: $0.line, column: $0.column, message: $0.message)
                }
                throw problem
            case .invalidRequest:
                throw APIError(status: 422, code: error.code.rawValue, title: "Invalid template request", detail: error.message)
            case .versionNotFound, .businessNotFound:
                throw APIError(status: 404, code: error.code.rawValue, title: "Not Found", detail: error.message)
            case .unavailable, .database:
                throw error
            }
        }
    }
}
