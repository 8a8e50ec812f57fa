import Booking
import Delivery
import Foundation
import Postgres
import Queue
import Runtime
import Vocabulary

/// The jobs of flood mode (`PublicFloods`): the periodic check that notices
/// its end, and the one notice per start and per end to the business.
///
/// The notice goes to the business's reply-to address: BookNow keeps no
/// admin accounts with addresses of their own yet. Like the provider's copy
/// of a booking it is operational, in English, and not a template.
struct PublicFloodHandlers: Sendable {
    let sender: MessageSender
    let gate: PublicGate

    func check(_ job: Job) throws -> Outcome {
        guard let business = job.businessID else { return .dead(Failure("bad_payload", "public_flood_check names no business")) }
        let lasting = try sender.pool.withTransaction { try PublicFloods.recheck(business: business, gate: gate, on: $0) }
        return .succeeded(Details(providerReply: lasting ? "flood mode goes on" : "flood mode is over"))
    }

    func notice(_ job: Job) throws -> Outcome {
        guard let business = job.businessID, let payload = try? job.decodePayload(PublicFloodNoticePayload.self) else {
            return .dead(Failure("bad_payload", "public_flood_notice payload is not understood"))
        }
        let started = payload.state == .started, at = payload.at.formatted(.iso8601)
        guard let notice = try sender.pool.withConnection({ try PublicFloods.notice(business: business, gate: gate, on: $0) }) else {
            return .cancel("the business no longer exists")
        }
        guard let address = notice.address else { return .cancel("the business has no reply-to address to tell") }
        guard let transport = sender.transports[.email] else { return .dead(Failure("no_transport", "no transport for email")) }
        let subject = started
            ? "\(notice.businessName): new online bookings now wait for email confirmation"
            : "\(notice.businessName): online bookings are back to normal"
        let text = started ? """
            Since \(at), your booking page has taken \(notice.recentPublicBookings) bookings in an hour, more than the \(notice.threshold) \
            it takes before it suspects automated bookings.

            Until the rate falls again, each new online booking is held until its customer confirms it through a link \
            sent by email; unconfirmed holds are released after 30 minutes, and no SMS is sent before confirmation. \
            Bookings you make yourself are not affected. You will get one more email when this ends.
            """ : """
            Since \(at), online bookings are confirmed at once again: the last hour's bookings fell below \(notice.threshold).
            """
        let message: EmailMessage
        do {
            message = EmailMessage(
                from: try EmailAddress(sender.composer.fromAddress, name: "BookNow", field: "email.from_address"),
                to: try EmailAddress(address, name: notice.businessName, field: "business.reply_to"), subject: subject,
                text: text + "\n\n\(notice.businessName)\n",
                messageID: try MessageID(jobID: "job-\(job.id)", domain: sender.composer.domain), date: Date())
        } catch {
            return .dead(Failure("invalid_message", error.description))
        }
        let result = transport.deliver(.email(message))
        switch result.outcome {
        case .delivered: return .succeeded(Details(providerReply: result.replyLine, providerMessageID: result.messageID))
        case .transient, .channelFault: return .retry(Failure("smtp_\(result.replyCode)", "temporary failure", providerReply: result.replyLine))
        case .snooze(let delay): return .snooze(delay)
        case .permanentMessage, .permanentRecipient:
            return .dead(Failure("smtp_\(result.replyCode)", "the provider refused the notice", providerReply: result.replyLine))
        }
    }
}
