public import Foundation
public import Postgres
import Scheduling
import Vocabulary

extension BookingStore {
    /// A booking by the hash of its manage token, within the business the
    /// caller's key names; the token's unique index finds it.
    static let selectByToken = "SELECT \(BookingRecord.columns) FROM bookings bk \(BookingRecord.joins) WHERE bk.manage_token_hash = $1 AND bk.business_id = $2"
    /// The same, locking the booking row (and only it: `FOR UPDATE OF bk`) so a
    /// concurrent cancel and reschedule of one booking take turns. Lock order:
    /// the booking row first, then whatever the change writes.
    static let lockByToken = lockBooking("bk.manage_token_hash = $1 AND bk.business_id = $2")
    /// An admin's lock: by primary key, otherwise as `lockByToken`.
    static let lockByID = lockBooking("bk.business_id = $2 AND bk.id = $1")

    /// The locking query for one booking chosen by `condition`, with the
    /// blocked interval and the channels its customer may be told on.
    private static func lockBooking(_ condition: String) -> String {
        """
        SELECT \(BookingRecord.columns), bk.blocked,
               (c.email IS NOT NULL AND c.consent_email) AS by_email, (c.phone IS NOT NULL AND c.consent_sms) AS by_sms
        FROM bookings bk \(BookingRecord.joins)
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE \(condition)
        FOR UPDATE OF bk
        """
    }
    /// By primary key, on the row already locked.
    static let cancelBooking = """
        UPDATE bookings SET status = 'cancelled', cancelled_at = booknow_now(), updated_at = booknow_now(),
                            version = version + 1, cancel_reason = $3
        WHERE business_id = $1 AND id = $2
        """
    /// By primary key, on the row already locked; bookings_no_overlap re-checks
    /// the new time (and provider: $7, the same one unless an admin moved it).
    static let moveBooking = """
        UPDATE bookings SET starts_at = $3, ends_at = $4, blocked = tstzrange($5, $6), provider_id = $7, version = version + 1,
                            updated_at = booknow_now()
        WHERE business_id = $1 AND id = $2
        """

    /// The booking a manage link names. Reads only: opening a link (mail
    /// scanners do) never changes anything.
    public func booking(manageToken: String, business: UUID) throws -> BookingRecord {
        try pool.withConnection { try booking(manageToken: manageToken, business: business, on: $0) }
    }

    public func booking(manageToken: String, business: UUID, on connection: Connection) throws -> BookingRecord {
        guard let hash = ManageToken.hash(manageToken),
              let row = try connection.query(Self.selectByToken, [hash, business]).first
        else { throw BookingError.notFound("booking") }
        return try BookingRecord(row: row)
    }

    public func cancel(manageToken: String, business: UUID, reason: String?) throws -> BookingRecord {
        try pool.withTransaction { try cancel(manageToken: manageToken, business: business, reason: reason, on: $0) }
    }

    /// Cancels up to the booking's notice (decided by the database clock),
    /// enqueuing the customer's notice and `slot_released` for the freed time.
    /// - Throws: `BookingError` `notFound`, `notActive`, `noticePassed`.
    public func cancel(manageToken: String, business: UUID, reason: String?, on connection: Connection) throws -> BookingRecord {
        try cancel(try lock(manageToken, business: business, on: connection), business: business, reason: reason, on: connection)
    }

    /// Cancels a booking locked by `lock`: the change, the notice and `slot_released`.
    func cancel(_ locked: LockedBooking, business: UUID, reason: String?, on connection: Connection) throws -> BookingRecord {
        try connection.execute(Self.cancelBooking, [business, locked.record.id, reason])
        let record = try BookingRecord(row: connection.query(Self.selectRecord, [business, locked.record.id])[0])
        try outbox.enqueue(OutboxItem.change(.cancelled, booking: record, channels: locked.channels)
                           + [OutboxItem.slotReleased(locked.blocked, booking: record)], for: BookingChange(.cancelled, record), on: connection)
        return record
    }

    public func reschedule(manageToken: String, business: UUID, to start: Date) throws -> Rescheduled {
        try pool.withTransaction { try reschedule(manageToken: manageToken, business: business, to: start, on: $0) }
    }

    /// Moves the booking to `start` with the same provider, atomically: the
    /// engine checks the new time as for a new booking (ignoring the booking's
    /// own time), the constraint re-checks it, the version goes up, and the
    /// notice and `slot_released` for the old time are enqueued. A move to the
    /// time the booking already has changes nothing (`unchanged`).
    /// - Throws: `BookingError` `notFound`, `notActive`, `noticePassed`,
    ///   `slotUnavailable` (with alternatives), `notBookable`.
    public func reschedule(manageToken: String, business: UUID, to start: Date, on connection: Connection) throws -> Rescheduled {
        try move(try lock(manageToken, business: business, on: connection), business: business, to: start, on: connection)
    }

    /// Moves a booking locked by `lock`, to `provider` when given (an admin's
    /// move; the snapshot then refuses one who works elsewhere or does not
    /// offer the service): the engine and the constraint check the new time;
    /// the notices (the old provider's too, when it changed) and
    /// `slot_released` for the old time (the old provider's) follow. The
    /// booking's own start and provider is no move: no version, no notice
    /// ("Moved: … is now" the same time), no released slot.
    func move(_ locked: LockedBooking, business: UUID, to start: Date, provider: UUID? = nil,
              on connection: Connection) throws -> Rescheduled {
        let old = locked.record
        let provider = provider ?? old.providerID
        if start == old.startsAt && provider == old.providerID { return Rescheduled(booking: old, unchanged: true) }
        func snapshot() throws -> ScheduleSnapshot {
            try ScheduleSnapshot.load(business: business, location: old.locationID, service: old.serviceID, provider: provider,
                                      around: ScheduleSnapshot.span(around: start), excluding: old.id, on: connection)
        }
        guard let slot = try snapshot().candidates(for: start, provider: provider).first else {
            throw BookingError(.slotUnavailable, "this time is not free")
        }
        let parameters: [(any PostgresEncodable)?] = [business, old.id, slot.start, slot.end, slot.blocked.lowerBound, slot.blocked.upperBound,
                                                      provider]
        try connection.query(Self.lockProvider, [provider])
        guard try Self.unlessOverlapping(connection, { try connection.execute(Self.moveBooking, parameters) }) != nil else {
            let fresh = try snapshot()
            throw BookingError(.slotUnavailable, "this time was just taken", alternatives: fresh.alternatives(to: start, provider: provider),
                               timeZone: fresh.finder.location.timeZone)
        }
        let record = try BookingRecord(row: connection.query(Self.selectRecord, [business, old.id])[0])
        try outbox.enqueue(OutboxItem.change(.moved, booking: record, channels: locked.channels, formerProvider: old.providerID)
                           + [OutboxItem.slotReleased(locked.blocked, booking: record, provider: old.providerID)],
                           for: BookingChange(.moved, record), on: connection)
        return Rescheduled(booking: record, unchanged: false)
    }

    /// Locks the booking and checks the customer may still change it.
    private func lock(_ token: String, business: UUID, on connection: Connection) throws -> LockedBooking {
        guard let hash = ManageToken.hash(token) else { throw BookingError.notFound("booking") }
        let locked = try lock(Self.lockByToken, hash, business: business, on: connection)
        guard locked.record.isChangeable else {
            throw BookingError(.noticePassed, "changes were possible until \(locked.record.changeDeadline.formatted(.iso8601)); please contact the business")
        }
        return locked
    }

    /// Locks one confirmed booking with `query` (`lockByToken` or `lockByID`).
    func lock(_ query: String, _ identity: any PostgresEncodable, business: UUID, on connection: Connection) throws -> LockedBooking {
        guard let row = try connection.query(query, [identity, business]).first else { throw BookingError.notFound("booking") }
        let record = try BookingRecord(row: row)
        guard record.status == .confirmed else { throw BookingError(.notActive, "the booking is \(record.status.rawValue)") }
        return LockedBooking(record: record, blocked: try row.decode(Range<Date>.self, "blocked"), channels: try Channel.consented(row))
    }
}

/// What a reschedule did: the booking as it is now, and whether the asked
/// time was the one it had (then nothing changed and nobody was told).
public struct Rescheduled: Sendable {
    public let booking: BookingRecord
    public let unchanged: Bool
}

/// A booking row locked for a change, with what the change's work needs.
struct LockedBooking {
    let record: BookingRecord
    /// The interval it blocks now, which a change frees.
    let blocked: Range<Date>
    /// The channels its customer agreed to be told on.
    let channels: [Channel]
}
