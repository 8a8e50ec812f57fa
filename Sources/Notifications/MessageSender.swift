import Booking
public import Delivery
import Foundation
import Receipts
import Scheduling
public import Postgres
public import Queue
public import Runtime
public import Templates
public import Vocabulary

/// The `send_message` handler: re-reads the booking, refuses stale work,
/// renders, sends, and maps the provider's answer onto the queue's outcome.
///
/// A finishing handler (`FinishingJobHandler`): on a worker's handler thread it
/// reads the booking, checks consent and suppression (one pooled connection)
/// and renders; then it hands the message to the channel's transport and
/// returns, so the thread takes the next job while the provider answers. The
/// answer is mapped to the job's outcome on the transport's thread when that
/// needs no database (a delivery, a retry while the breaker is closed);
/// anything that writes (a suppression, the breaker pausing or resuming the
/// channel's queue) runs on the sender's one follow-up thread instead, so a
/// transport's thread never waits for a pooled connection.
public struct MessageSender: Sendable {
    public let pool: ConnectionPool
    public let catalog: TemplateCatalog
    public let composer: MessageComposer
    public let transports: [Channel: any Transport]
    public let breakers: [Channel: CircuitBreaker]
    public let logger: Logger
    /// Where recipients this sender suppresses (a 550, Twilio's 21211) are counted in
    /// `booknow_suppressions_added_total`, like those of receipts and STOP replies; nil counts nothing.
    public let metrics: MetricsRegistry?
    /// `booknow_message_reads_total`: how each message's facts were read; nil counts nothing.
    let reads: MessageReads?
    /// The monotonic clock that ages a claim's read (`claimReadLimit`); a test's, to move it.
    let monotonic: @Sendable () -> ContinuousClock.Instant
    /// Where answers that write are mapped (a serial queue: they are rare).
    private let followUps = DispatchQueue(label: "booknow.send-follow-up")

    public init(pool: ConnectionPool, catalog: TemplateCatalog, composer: MessageComposer, transports: [Channel: any Transport],
                breakers: [Channel: CircuitBreaker], logger: Logger, metrics: MetricsRegistry? = nil,
                monotonic: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.metrics = metrics
        self.monotonic = monotonic
        reads = metrics.map(MessageReads.init)
        self.pool = pool
        self.catalog = catalog
        self.composer = composer
        self.transports = transports
        self.breakers = breakers
        self.logger = logger
    }

    public func handle(_ job: Job, finish: JobFinish) throws {
        // Read with the rest of its claim (the usual case in a burst): no statement of its own.
        if let early = readWithClaim(job) {
            reads?.claim.increment()
            let payload = early.payload
            return deliver(try step(early.prepared, payload.message, on: payload.channel, to: payload.audience, jobID: job.id,
                                    reminderLead: payload.lead),
                           on: payload.channel, finish: finish)
        }
        // One decode per job: the payload's fields say which message it is.
        let payload: SendMessagePayload
        switch try? job.decodePayload(MessagePayload.self) {
        case .booking(let decoded): payload = decoded
        case .waitlistNotice(let notice): return try handleNotice(job, notice, finish: finish)
        case nil: return finish(.dead(Failure("bad_payload", "send_message payload is not understood")))
        }
        guard let business = job.businessID else { return finish(.dead(Failure("bad_payload", "send_message names no business"))) }
        try send(payload.message, on: payload.channel, to: payload.audience, jobID: job.id, reminderLead: payload.lead, finish: finish) { connection in
            let found = Self.check(try MessageFacts.booking(business: business, booking: payload.bookingID, on: connection), for: payload)
            guard case .found(var data) = found, let former = payload.formerProvider else { return found }
            guard try data.addressFormerProvider(former, on: connection) else {
                return .skip("the provider the booking was moved from no longer exists")
            }
            return .found(data)
        }
    }

    /// What a booking message's facts allow: the facts (`offerPassedOn` set
    /// from the payload), or why the message must not go out — the booking is
    /// gone, no longer the one the message was about, or the reminder is too late.
    static func check(_ facts: MessageFacts?, for payload: SendMessagePayload) -> Found {
        guard var data = facts else { return .skip("the booking no longer exists") }
        data.offerPassedOn = payload.offeredNext ?? false
        if let reason = data.staleness(kind: payload.message, version: payload.bookingVersion) { return .skip(reason) }
        if payload.message == .reminder, let lead = payload.lead, let reason = lateness(lead: lead, data: data) { return .skip(reason) }
        return .found(data)
    }

    /// Why a reminder of lead time `lead` must not go out now (the database's
    /// time when `data` was read), or nil: the planner's grace rule, applied
    /// again at send time, so a reminder held up by downtime, a paused queue
    /// or quiet hours is cancelled once less than two thirds of its lead remain.
    static func lateness(lead: Duration, data: MessageFacts) -> String? {
        let offset = TimeInterval(lead.components.seconds)
        let remaining = data.startsAt.timeIntervalSince(data.readAt)
        guard !ReminderPlanner.isWithinGrace(offset: offset, remaining: remaining) else { return nil }
        let late = Int(data.readAt.timeIntervalSince(data.startsAt.addingTimeInterval(-offset)).rounded())
        return "too late: \(late) s past its time, with \(max(0, Int(remaining.rounded()))) s of its \(Int(offset)) s lead left "
            + "(the grace rule sends a late reminder only while two thirds of the lead remain)"
    }

    /// Checks consent and suppression for what `load` read, renders and hands
    /// the message to its transport; `finish` gets the outcome.
    func send(_ kind: MessageKind, on channel: Channel, to audience: Audience = .customer, jobID: Int64, reminderLead: Duration?,
              finish: JobFinish, load: @escaping (Connection) throws -> Found) throws {
        reads?.own.increment()
        let prepared = try pool.withConnection { connection -> Prepared in
            let data: MessageFacts
            switch try load(connection) {
            case .found(let found): data = found
            case .skip(let reason): return .skip(reason)
            }
            guard let recipient = Self.recipient(channel, data, audience, kind: kind) else {
                return .skip(Self.noRecipient(channel, audience))
            }
            if try PostgresSuppressionList.isSuppressed(channel: channel, recipient: recipient, business: data.businessID, on: connection) {
                return .skip(Self.suppressed)
            }
            return .send(data, recipient)
        }
        deliver(try step(prepared, kind, on: channel, to: audience, jobID: jobID, reminderLead: reminderLead), on: channel, finish: finish)
    }

    static let suppressed = "the recipient is on the suppression list"

    static func noRecipient(_ channel: Channel, _ audience: Audience) -> String {
        audience == .staff ? "the provider has no email or wants no notices" : "no \(channel.rawValue) consent or contact"
    }

    /// The outcome to `finish` now, or the message to its transport and the answer to `finish` later.
    private func deliver(_ step: Step, on channel: Channel, finish: JobFinish) {
        switch step {
        case .done(let outcome):
            finish(outcome)
        case .deliver(let transport, let message, let recipient):
            transport.send(message) { result in self.answered(result, channel: channel, recipient: recipient, finish: finish) }
        }
    }

    /// What a job comes to before anything is sent: an outcome already, or a message for a transport.
    private enum Step {
        case done(Outcome)
        case deliver(any Transport, OutgoingMessage, recipient: String)
    }

    /// From what was read (the facts and the recipient, or why not) to the
    /// step: quiet hours, the transport and its breaker, then the message itself.
    private func step(_ prepared: Prepared, _ kind: MessageKind, on channel: Channel, to audience: Audience, jobID: Int64,
                      reminderLead: Duration?) throws -> Step {
        let data: MessageFacts, recipient: String
        switch prepared {
        case .skip(let reason): return .done(.cancel(reason))
        case .send(let facts, let address): (data, recipient) = (facts, address)
        }
        if channel == .sms, audience == .customer,
           let wait = data.smsQuiet?.remaining(at: data.readAt, in: TimeZone(identifier: data.timeZone) ?? .gmt) {
            // Quiet hours: the text waits for the morning without using an attempt
            // (the email, if any, goes now); past the deadline the queue drops it.
            return .done(.snooze(wait))
        }
        guard let transport = transports[channel] else {
            return .done(.dead(Failure("no_transport", "no transport for \(channel.rawValue)")))
        }
        if let breaker = breakers[channel], !breaker.permitsAttempt() { return .done(.snooze(.seconds(15))) }

        let message: OutgoingMessage
        do {
            message = audience == .staff
                ? .email(try composer.staffEmail(kind, data: data, jobID: jobID, now: Date()))
                : try compose(kind, channel, data, reminderLead: reminderLead, jobID: jobID)
        } catch let error as TemplateError {
            return .done(.dead(Failure("template_error", error.description)))
        } catch let error as DeliveryError {
            return .done(.dead(Failure("invalid_message", error.description)))
        }
        return .deliver(transport, message, recipient: recipient)
    }

    /// The provider's answer, on the transport's thread: mapped there when
    /// nothing needs writing, on the follow-up thread otherwise.
    private func answered(_ result: DeliveryResult, channel: Channel, recipient: String, finish: JobFinish) {
        let breaker = breakers[channel]
        let writes = result.outcome == .permanentRecipient || (breaker.map { $0.state != .closed || !result.outcome.channelWorks } ?? false)
        let map: @Sendable () -> Void = { [self] in
            breaker?.record(result.outcome)
            do {
                finish(try outcome(result, channel: channel, recipient: recipient))
            } catch {
                finish(.retry(Failure("handler_error", String(describing: error))))
            }
        }
        if writes { followUps.async(execute: map) } else { map() }
    }

    /// What a message job read: the message's data, or why it must not go out.
    enum Found: Sendable {
        case found(MessageFacts)
        case skip(String)
    }

    /// The facts and the recipient, or why the message must not go out.
    enum Prepared: Sendable {
        case send(MessageFacts, String)
        case skip(String)
    }

    typealias Audience = SendMessagePayload.Audience

    /// The customer by the channel they consented to; the provider by email
    /// only, and only if they opted in.
    /// A flood-mode hold's link goes to the address given whatever the consent
    /// boxes say: without it the booking the customer asked for never exists.
    static func recipient(_ channel: Channel, _ data: MessageFacts, _ audience: Audience = .customer,
                          kind: MessageKind? = nil) -> String? {
        if kind == .bookingHold { return channel == .email && audience == .customer ? data.email?.lowercased() : nil }
        return switch (audience, channel) {
        case (.staff, .email): data.providerWantsEmail ? data.providerEmail?.lowercased() : nil
        case (.staff, .sms): nil
        case (.customer, .email): data.consentEmail ? data.email?.lowercased() : nil
        case (.customer, .sms): data.consentSMS ? data.phone : nil
        }
    }

    private func compose(_ kind: MessageKind, _ channel: Channel, _ data: MessageFacts, reminderLead: Duration?,
                         jobID: Int64) throws -> OutgoingMessage {
        let rendered = try composer.render(kind, on: channel, about: data, reminderLead: reminderLead, catalog: catalog)
        for fallback in rendered.fallbacks {
            logger.warning("template override failed; sent the default", ["business": LogValue(data.businessID.uuidString), "error": LogValue(fallback.description)])
        }
        let now = Date()
        switch channel {
        case .email: return .email(try composer.email(rendered, kind: kind, data: data, jobID: jobID, now: now))
        case .sms: return .sms(try composer.sms(rendered, kind: kind, data: data, jobID: jobID, now: now))
        }
    }

    /// The provider's answer as the queue's outcome.
    private func outcome(_ result: DeliveryResult, channel: Channel, recipient: String) throws -> Outcome {
        let reply = result.replyLine
        // The provider's own code names SMS failures best (21211); SMTP's reply code names its.
        let detail = channel == .sms ? (result.detailCode ?? result.replyCode) : (result.replyCode != 0 ? result.replyCode : result.detailCode ?? 0)
        let code = "\(channel == .email ? "smtp" : "sms")_\(detail)"
        // The code alone is what the daemon logs per message; the reply's text may name the recipient.
        let replyCode = String(detail)
        switch result.outcome {
        case .delivered:
            return .succeeded(Details(providerReply: reply, providerMessageID: result.messageID, replyCode: String(result.replyCode)))
        case .transient:
            return .retry(Failure(code, "temporary failure", providerReply: reply, replyCode: replyCode))
        case .snooze(let delay):
            return .snooze(delay)
        case .channelFault:
            // The breaker has paused the channel's queue; this message waits for
            // the channel to work again without using up an attempt.
            return .snooze(.seconds(30))
        case .permanentMessage:
            return .dead(Failure(code, "the provider refused the message", providerReply: reply, replyCode: replyCode))
        case .permanentRecipient:
            let reason = Self.suppressionReason(channel, result)
            // Autocommit: the entry exists once this returns, so it is counted now.
            let added = try pool.withConnection {
                try PostgresSuppressionList.suppress(channel: channel, recipient: recipient, reason: reason, business: nil, on: $0)
            }
            if added, let metrics { PostgresSuppressionList.countAdded(channel: channel, reason: reason, in: metrics) }
            return .dead(Failure(code, "the provider refused the recipient; suppressed", providerReply: reply, replyCode: replyCode))
        }
    }

    static func suppressionReason(_ channel: Channel, _ result: DeliveryResult) -> SuppressionReason {
        switch channel {
        case .sms: result.detailCode.flatMap { SuppressionReason(twilioErrorCode: String($0)) } ?? .invalidNumber
        case .email: .hardBounce
        }
    }
}

extension SendMessagePayload {
    /// A reminder's lead time.
    var lead: Duration? { offsetSeconds.map { .seconds(Int64($0)) } }
}
