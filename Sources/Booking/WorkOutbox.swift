public import Foundation
public import Postgres
public import Vocabulary

/// Where booking operations put the work they cause (confirmations, notices,
/// freed slots): a transactional outbox.
///
/// `enqueue` is called inside the booking's own transaction on `connection`,
/// so the work exists exactly when the booking change commits. An
/// implementation writes through that connection (the Queue's `jobs` table)
/// and must not open a connection or transaction of its own.
public protocol WorkOutbox: Sendable {
    /// `change` names the booking change the work tells of, when it is one
    /// (the outbox keeps the booking's reminders in step with it); nil for
    /// work that changes no booking's reminders (offers, holds, notices).
    func enqueue(_ work: [OutboxItem], for change: BookingChange?, on connection: Connection) throws
}

extension WorkOutbox {
    /// Work that is no booking change.
    public func enqueue(_ work: [OutboxItem], on connection: Connection) throws {
        try enqueue(work, for: nil, on: connection)
    }
}

/// A booking that was confirmed, moved or cancelled, at the version the change
/// gave it: what the outbox plans or cancels reminders by.
public struct BookingChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// Booked, or a hold (waitlist offer, flood-mode hold) confirmed.
        case confirmed
        case moved
        case cancelled

        /// The message the change sends the customer and the provider.
        public var message: MessageKind {
            switch self {
            case .confirmed: .bookingConfirmed
            case .moved: .bookingRescheduled
            case .cancelled: .bookingCancelled
            }
        }
    }

    public var kind: Kind
    public var business: UUID
    public var booking: UUID
    public var version: Int

    public init(_ kind: Kind, business: UUID, booking: UUID, version: Int) {
        self.kind = kind
        self.business = business
        self.booking = booking
        self.version = version
    }
}

/// One unit of work for the queue: a typed payload of one job kind, and when it runs.
public struct OutboxItem: Sendable, Hashable {
    /// The payload, which names the job kind and queue.
    public enum Work: Sendable, Hashable, Encodable {
        case message(SendMessagePayload)
        case waitlistNotice(WaitlistNoticePayload)
        case slotReleased(SlotReleasedPayload)
        case offerExpired(OfferExpiredPayload)
        case publicFloodNotice(PublicFloodNoticePayload)
        case publicFloodCheck(PublicFloodCheckPayload)

        public var kind: JobKind {
            switch self {
            case .message, .waitlistNotice: .sendMessage
            case .slotReleased: .slotReleased
            case .offerExpired: .offerExpired
            case .publicFloodNotice: .publicFloodNotice
            case .publicFloodCheck: .publicFloodCheck
            }
        }

        /// The named queue (`email`, `sms`, `default`), each with its own concurrency limit.
        public var queue: String {
            switch self {
            case .message(let payload): payload.queue
            case .waitlistNotice(let payload): payload.queue
            case .publicFloodNotice: Channel.email.rawValue
            case .slotReleased, .offerExpired, .publicFloodCheck: JobKind.defaultQueue
            }
        }

        /// The payload alone, as the jobs table stores it.
        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .message(let payload): try payload.encode(to: encoder)
            case .waitlistNotice(let payload): try payload.encode(to: encoder)
            case .slotReleased(let payload): try payload.encode(to: encoder)
            case .offerExpired(let payload): try payload.encode(to: encoder)
            case .publicFloodNotice(let payload): try payload.encode(to: encoder)
            case .publicFloodCheck(let payload): try payload.encode(to: encoder)
            }
        }
    }

    public var work: Work
    public var businessID: UUID
    /// nil: due now.
    public var runAt: Date?
    /// Past this instant the job is worthless and dies as `expired`.
    public var deadline: Date?
    /// Makes a second enqueue of the same work a no-op (each payload type says its key).
    public var dedupeKey: String

    public init(_ work: Work, businessID: UUID, runAt: Date? = nil, deadline: Date? = nil, dedupeKey: String) {
        self.work = work
        self.businessID = businessID
        self.runAt = runAt
        self.deadline = deadline
        self.dedupeKey = dedupeKey
    }

    public var kind: JobKind { work.kind }
    public var queue: String { work.queue }

    /// The booking message this item sends, if it is one.
    public var message: SendMessagePayload? {
        if case .message(let payload) = work { payload } else { nil }
    }

    /// The booking the work is about, if any (a waitlist notice names an entry; flood jobs a business).
    public var bookingID: UUID? {
        switch work {
        case .message(let payload): payload.bookingID
        case .slotReleased(let payload): payload.bookingID
        case .offerExpired(let payload): payload.bookingID
        case .waitlistNotice, .publicFloodNotice, .publicFloodCheck: nil
        }
    }
}
