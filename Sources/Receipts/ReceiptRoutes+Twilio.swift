import Delivery
import Foundation
import HTTPServer
import Runtime
import Vocabulary

extension ReceiptRoutes {
    /// Replies that opt a number out, as Twilio's own opt-out handling reads them:
    /// the whole message, trimmed, in any case.
    static let stopWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
    /// Replies that opt a number back in.
    static let startWords: Set<String> = ["START", "UNSTOP", "YES"]
    /// Form fields never stored in a receipt's detail: the message itself.
    static func isContent(_ name: String) -> Bool {
        name == "Body" || name.hasPrefix("MediaUrl") || name.hasPrefix("MediaContentType")
    }

    /// The form of a request Twilio signed for `path`; 404 without an auth
    /// token, 400 for an undecodable body, 403 for a bad signature.
    static func verifiedTwilioForm(_ request: Request, path: String, _ context: Context) throws -> FormBody {
        guard let token = key(context.settings.twilioAuthToken) else { throw notConfigured("Twilio auth token (sms.auth_token_file)") }
        guard let form = FormBody(request.body) else { throw invalidBody("The body is not application/x-www-form-urlencoded.") }
        guard TwilioSignature.isValid(request.headers["X-Twilio-Signature"], url: context.settings.publicBaseURL + path,
                                      form: form, authToken: token) else {
            context.logger.warning("provider signature refused", ["route": LogValue(path)])
            throw invalidSignature("X-Twilio-Signature")
        }
        return form
    }

    /// `POST /v1/providers/twilio/status`: records the message's status and,
    /// for an error code that condemns the number, suppresses it. Answers
    /// 200 with `{"recorded": 1}` (a body, not 204: Twilio shows it in its debugger).
    static func twilioStatus(_ request: Request, _ context: Context) throws -> Response {
        let form = try verifiedTwilioForm(request, path: twilioStatusPath, context)
        guard let sid = form.nonEmpty("MessageSid") ?? form.nonEmpty("SmsSid"), sid.utf8.count <= 998 else {
            throw invalidBody("MessageSid is required.")
        }
        guard let statusText = form.nonEmpty("MessageStatus") ?? form.nonEmpty("SmsStatus") else {
            throw invalidBody("MessageStatus is required.")
        }
        let errorCode = form.nonEmpty("ErrorCode")
        if let errorCode, errorCode.utf8.count > 64 || !errorCode.allSatisfy(\.isASCII) {
            throw invalidBody("ErrorCode is not a provider error code.")
        }
        let reason = errorCode.flatMap(SuppressionReason.init(twilioErrorCode:))
        if reason != nil, (try? Recipient.normalise(form["To"] ?? "", channel: .sms)) == nil {
            throw invalidBody("To must be the E.164 number the message was sent to.")
        }
        var detail: [String: String] = [:]
        for pair in form.pairs where !isContent(pair.name) && detail[pair.name] == nil { detail[pair.name] = pair.value }
        let receipt = MessageReceipt(provider: "twilio", providerMessageID: sid, channel: .sms,
                                     status: ReceiptStatus(twilio: statusText), errorCode: errorCode, detail: detail)
        let added = try write(context, route: twilioStatusPath) { connection in
            try ReceiptStore.record(receipt, on: connection)
            guard let reason, let to = form["To"] else { return false }
            return try PostgresSuppressionList.suppress(channel: .sms, recipient: to, reason: reason, business: nil, on: connection)
        }
        context.metrics.receiptRecorded(channel: .sms, status: receipt.status)
        if added, let reason { context.metrics.suppressionAdded(channel: .sms, reason: reason) }
        return try .json(["recorded": 1])
    }

    /// `POST /v1/providers/twilio/inbound`: a reply to our number. STOP words
    /// suppress the sender (`opted_out`, for every business: they share the
    /// sending number); START words lift that opt-out. Anything else is
    /// ignored. Answers empty TwiML so Twilio sends no reply of its own making.
    static func twilioInbound(_ request: Request, _ context: Context) throws -> Response {
        let form = try verifiedTwilioForm(request, path: twilioInboundPath, context)
        guard let from = form["From"], let sender = try? Recipient.normalise(from, channel: .sms) else {
            throw invalidBody("From must be an E.164 number.")
        }
        let word = (form["Body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        if stopWords.contains(word) {
            let added = try write(context, route: twilioInboundPath) { connection in
                try PostgresSuppressionList.suppress(channel: .sms, recipient: sender, reason: .optedOut, business: nil, on: connection)
            }
            if added { context.metrics.suppressionAdded(channel: .sms, reason: .optedOut) }
        } else if startWords.contains(word) {
            try write(context, route: twilioInboundPath) { connection in
                try PostgresSuppressionList.clear(channel: .sms, recipient: sender, business: nil, reason: .optedOut, on: connection)
            }
        }
        return Response(status: 200, headers: ["Content-Type": "text/xml"], body: Array("<Response/>".utf8))
    }
}
