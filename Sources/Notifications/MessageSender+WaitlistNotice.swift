import Booking
import Queue
import Vocabulary

extension MessageSender {
    /// `send_message` for a `notify_all` waitlist notice: "this time is free, book
    /// it before someone else does". The payload names the entry, the provider and
    /// the start; everything else is read when the job runs.
    func handleNotice(_ job: Job, _ payload: WaitlistNoticePayload, finish: JobFinish) throws {
        guard let business = job.businessID else { return finish(.dead(Failure("bad_payload", "waitlist notice names no business"))) }
        try send(payload.message, on: payload.channel, jobID: job.id, reminderLead: nil, finish: finish) { connection in
            switch try MessageFacts.waitlistNotice(business: business, entry: payload.waitlistEntryID, provider: payload.providerID,
                                                   start: payload.start, on: connection) {
            case .found(let facts): .found(facts)
            case .skip(let reason): .skip(reason)
            }
        }
    }
}
