public import Foundation
public import Postgres

/// Where booking operations put the work they cause (confirmations, notices,
/// freed slots): the transactional outbox of DESIGN.md, "Booking flows".
///
/// `enqueue` is called inside the booking's own transaction on `connection`,
/// so the work exists exactly when the booking change commits. An
/// implementation writes through that connection (the Queue's `jobs` table)
/// and must not open a connection or transaction of its own.
public protocol WorkOutbox: Sendable {
    func enqueue(_ work: [OutboxItem], on connection: Connection) throws
}

/// One unit of work for the queue, in the shape the Queue's `enqueue` takes.
public struct OutboxItem: Sendable, Hashable, Codable {
    /// The job kinds booking operations create (DESIGN.md, "Job kinds").
    public enum Kind: String, Sendable, Codable {
        /// Render and deliver one message on one channel; payload: `booking_id`,
        /// `booking_version`, `message` (a `MessageKind`), `channel`.
        case sendMessage = "send_message"
        /// A booking was cancelled or moved: offer the freed time to the waitlist;
        /// payload: `provider_id`, `service_id`, `location_id`, `from`, `until`
        /// (ISO 8601 instants of the freed blocked interval), `booking_id`.
        case slotReleased = "slot_released"
        /// A waitlist offer's hold runs out: release it and offer the time to the
        /// next customer; payload: `booking_id` (the held booking).
        case offerExpired = "offer_expired"
        /// A business's flood mode started or ended: tell its admins; payload:
        /// `state` (`started`, `ended`), `at` (ISO 8601).
        case publicFloodNotice = "public_flood_notice"
        /// Look again whether a business's flood mode is over (nothing else may
        /// come along to notice); payload: none beyond the business.
        case publicFloodCheck = "public_flood_check"
    }

    /// The named queue (`email`, `sms`, `default`), each with its own concurrency limit.
    public var queue: String
    public var kind: Kind
    public var businessID: UUID
    /// Plain strings only, so any queue can store it as JSON and handlers can
    /// re-read the booking by id instead of trusting a copy of it.
    public var payload: [String: String]
    /// nil: due now.
    public var runAt: Date?
    /// Past this instant the job is worthless and dies as `expired`.
    public var deadline: Date?
    /// Makes a second enqueue of the same work a no-op (same booking, version, message, channel).
    public var dedupeKey: String?

    public init(queue: String, kind: Kind, businessID: UUID, payload: [String: String],
                runAt: Date? = nil, deadline: Date? = nil, dedupeKey: String? = nil) {
        self.queue = queue
        self.kind = kind
        self.businessID = businessID
        self.payload = payload
        self.runAt = runAt
        self.deadline = deadline
        self.dedupeKey = dedupeKey
    }
}
