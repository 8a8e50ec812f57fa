import Booking
import Delivery
import Foundation
import Postgres
import Queue
import Templates
import Vocabulary

/// A `notify_all` waitlist notice: "this time is free, book it before someone
/// else does". The payload names the entry, the provider and the start
/// (`waitlist_entry_id`, `provider_id`, `start`, `message`, `channel`);
/// everything else is read when the job runs.
struct WaitlistNotice: Sendable {
    /// The business's booking page at the start (`book/{slug}?service=…&start=…`), relative to the public base URL.
    var bookingPath: String

    /// The entry's customer and the time on offer; by primary keys. The end is
    /// the start plus the service's duration, as a booking would have it.
    static let select = """
        SELECT e.status AS entry_status, e.service_id, e.location_id, $4::timestamptz + s.duration AS ends_at, bz.slug,
               \(BookingMessageData.contextColumns)
        FROM waitlist_entries e
        JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
        JOIN businesses bz ON bz.id = e.business_id
        JOIN locations l ON l.business_id = e.business_id AND l.id = e.location_id
        JOIN services s ON s.business_id = e.business_id AND s.id = e.service_id
        JOIN providers p ON p.business_id = e.business_id AND p.id = $3
        WHERE e.business_id = $1 AND e.id = $2
        """

    /// The message data for the notice, or why it must not go out: only a
    /// customer still waiting is told (one who left or booked is not).
    static func load(business: UUID, entry: UUID, provider: UUID, start: Date, on connection: Connection) throws -> MessageSender.Found {
        guard let row = try connection.query(select, [business, entry, provider, start]).first else {
            return .skip("the waitlist entry or provider no longer exists")
        }
        if try row.decode(Bool.self, "disabled") { return .skip("the business is disabled") }
        let status = try row.decode(String.self, "entry_status")
        guard status == "waiting" else { return .skip("the waitlist entry is \(status)") }
        let id = { (uuid: UUID) in uuid.uuidString.lowercased() }
        let path = "book/\(try row.decode(String.self, "slug"))?service=\(id(try row.decode(UUID.self, "service_id")))&location=\(id(try row.decode(UUID.self, "location_id")))"
            + "&provider=\(id(provider))&start=\(start.formatted(.iso8601))"
        let data = try BookingMessageData(business: business, id: entry, version: 0, status: nil, startsAt: start,
                                          endsAt: try row.decode(Date.self, "ends_at"), notice: WaitlistNotice(bookingPath: path), context: row)
        return .found(data)
    }
}

extension MessageSender {
    /// `send_message` for a `notify_all` notice (the payload names an entry, not a booking).
    func handleNotice(_ job: Job, _ payload: WaitlistNoticePayload) throws -> Outcome {
        guard let business = job.businessID else { return .dead(Failure("bad_payload", "waitlist notice names no business")) }
        return try send(payload.message, on: payload.channel, jobID: job.id, reminderLead: nil) { connection in
            try WaitlistNotice.load(business: business, entry: payload.waitlistEntryID, provider: payload.providerID, start: payload.start,
                                    on: connection)
        }
    }
}
