public import Foundation
public import Postgres
import Scheduling
import Vocabulary

/// Booking operations on PostgreSQL: availability, book, and the customer's
/// cancel and reschedule through a manage token.
///
/// Every operation is one transaction. The `on connection:` forms run inside
/// a transaction the caller opened (the API's idempotency record shares it);
/// the others open their own on the pool. All calls block: run them on
/// dedicated threads or HTTP pool threads, never on Swift's cooperative pool.
public struct BookingStore: Sendable {
    public let pool: ConnectionPool
    public let outbox: any WorkOutbox
    public let manageTokens: ManageToken
    /// This daemon's availability cache; nil reads everything from the database.
    public let availabilityCache: AvailabilityCache?

    public init(pool: ConnectionPool, outbox: any WorkOutbox, manageTokens: ManageToken, availabilityCache: AvailabilityCache? = nil) {
        self.pool = pool
        self.outbox = outbox
        self.manageTokens = manageTokens
        self.availabilityCache = availabilityCache
    }

    /// A new customer row per booking: a public caller is not authenticated as
    /// any existing customer, so it must not be able to edit one.
    static let insertCustomer = """
        INSERT INTO customers (business_id, name, email, phone, locale, consent_email, consent_sms)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
        """
    /// Inserts `customer` for `business` and returns its id.
    static func insert(_ customer: CustomerDetails, business: UUID, on connection: Connection) throws -> UUID {
        try connection.query(insertCustomer, [
            business, customer.name, customer.email, customer.phone, customer.locale, customer.consentEmail, customer.consentSMS,
        ])[0].decode(UUID.self, "id")
    }

    /// The business's notice is copied from its row in the same statement, so
    /// the booking keeps the policy in force when it was made. The exclusion
    /// constraint bookings_no_overlap decides races with concurrent inserts.
    static let insertBooking = """
        INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                              status, cancellation_notice, manage_token_hash, id, hold_expires_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, tstzrange($8, $9), CASE WHEN $12::timestamptz IS NULL THEN 'confirmed' ELSE 'held' END,
               b.cancellation_notice, $10, $11, $12
        FROM businesses b WHERE b.id = $1
        RETURNING id
        """
    /// Writers of one provider's calendar take turns for the rest of their
    /// transaction. Without it, many inserts of one slot at once each wait for
    /// the others' undecided rows, and only the deadlock detector (every
    /// `deadlock_timeout`, 1 s) untangles them: bench/api's contended run took
    /// seconds. In turn, each sees the committed winner and fails at once
    /// (23P01). Lock order: providers in the candidates' order (by name, id),
    /// the same in every transaction, then the booking row.
    static let lockProvider = "SELECT pg_advisory_xact_lock(hashtextextended('booking-provider:' || $1::text, 0))"
    /// One booking of a business by primary key, as a record.
    static let selectRecord = "SELECT \(BookingRecord.columns) FROM bookings bk \(BookingRecord.joins) WHERE bk.business_id = $1 AND bk.id = $2"

    /// Free starts for `service` at `location` in `range`, with `provider` or
    /// anyone (nil), and the location's zone, in which its hours are kept.
    /// Through the availability cache when there is one: the same answer.
    public func availability(business: UUID, location: UUID, service: UUID, provider: UUID?,
                             in range: Range<Date>) throws -> (slots: [AvailableSlot], timeZone: TimeZone) {
        try pool.withConnection { connection in
            let snapshot = if let availabilityCache {
                try ScheduleSnapshot.load(business: business, location: location, service: service, provider: provider,
                                          around: range, cache: availabilityCache, on: connection)
            } else {
                try ScheduleSnapshot.load(business: business, location: location, service: service, provider: provider,
                                          around: range, on: connection)
            }
            return (snapshot.slots(in: range, provider: provider), snapshot.finder.location.timeZone)
        }
    }

    /// Books in a transaction of its own.
    @discardableResult
    public func book(_ request: BookingRequest) throws -> BookedAppointment {
        try pool.withTransaction { try book(request, on: $0) }
    }

    /// Validates the start with the engine, inserts the customer and the
    /// booking, and enqueues the confirmation, inside the caller's transaction.
    ///
    /// With "any provider" the providers free at the start are tried in order,
    /// each insert under a savepoint, so losing a race to one provider's slot
    /// still books another who is free.
    /// With `holdUntil` (a public booking in flood mode) the booking is a hold
    /// instead: the customer gets only its confirmation link by email, and an
    /// `offer_expired` job releases it at that instant unless confirmed.
    /// - Throws: `BookingError` `slotUnavailable` (with alternatives) when the
    ///   time is taken, before or during the insert; `notBookable` with the
    ///   engine's reason; `notFound` for unknown ids.
    public func book(_ request: BookingRequest, holdUntil: Date? = nil, on connection: Connection) throws -> BookedAppointment {
        let snapshot = try load(request, on: connection)
        let candidates = try snapshot.candidates(for: request.start, provider: request.provider)
        let customer = request.customer
        let customerID = try Self.insert(customer, business: request.business, on: connection)
        // The id is chosen here because the manage token is derived from it.
        let bookingID = UUID()
        let (token, hash) = manageTokens.make(for: bookingID)
        for slot in candidates {
            let parameters: [(any PostgresEncodable)?] = [
                request.business, request.location, slot.providerID, request.service, customerID,
                slot.start, slot.end, slot.blocked.lowerBound, slot.blocked.upperBound, hash, bookingID, holdUntil,
            ]
            try connection.query(Self.lockProvider, [slot.providerID])
            guard let id = try Self.unlessOverlapping(connection, { try connection.query(Self.insertBooking, parameters)[0].decode(UUID.self, "id") })
            else { continue }
            let record = try BookingRecord(row: connection.query(Self.selectRecord, [request.business, id])[0])
            if let holdUntil {
                try outbox.enqueue(OutboxItem.publicHold(record, expires: holdUntil), on: connection)
            } else {
                try outbox.enqueue(OutboxItem.change(.confirmed, booking: record, channels: customer.channels),
                                   for: BookingChange(.confirmed, record), on: connection)
            }
            return BookedAppointment(booking: record, manageToken: token)
        }
        // Every candidate lost its race: what is free now that the winners committed?
        let fresh = try load(request, on: connection)
        throw BookingError(.slotUnavailable, "this time was just taken", alternatives: fresh.alternatives(to: request.start, provider: request.provider),
                           timeZone: fresh.finder.location.timeZone)
    }

    private func load(_ request: BookingRequest, on connection: Connection) throws -> ScheduleSnapshot {
        try ScheduleSnapshot.load(business: request.business, location: request.location, service: request.service,
                                  provider: request.provider, around: ScheduleSnapshot.span(around: request.start), on: connection)
    }

    /// Runs one write under a savepoint. On an exclusion violation (23P01: the
    /// time was taken by a transaction that committed first) it rolls back to
    /// the savepoint, leaving the transaction usable, and returns nil.
    ///
    /// Two transactions inserting overlapping rows at the same instant can each
    /// find the other's uncommitted row and wait for it: PostgreSQL breaks that
    /// deadlock by failing one insert with 40P01. The victim's write is retried
    /// under the savepoint; by then the other has committed (23P01: the slot is
    /// gone) or rolled back (the insert succeeds), so the answer is right either way.
    static func unlessOverlapping<T>(_ connection: Connection, attempts: Int = 5, _ write: () throws -> T) throws -> T? {
        for attempt in 1...attempts {
            try connection.execute("SAVEPOINT booking_write")
            do {
                let value = try write()
                try connection.execute("RELEASE SAVEPOINT booking_write")
                return value
            } catch let error as PostgresError where error.isExclusionViolation {
                try connection.execute("ROLLBACK TO SAVEPOINT booking_write")
                return nil
            } catch let error as PostgresError where error.sqlState == "40P01" && attempt < attempts {
                try connection.execute("ROLLBACK TO SAVEPOINT booking_write")
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }
}

/// What a customer asks to book.
public struct BookingRequest: Sendable, Hashable {
    public var business: UUID
    public var location: UUID
    public var service: UUID
    /// nil: any provider at the location who offers the service.
    public var provider: UUID?
    public var start: Date
    public var customer: CustomerDetails

    public init(business: UUID, location: UUID, service: UUID, provider: UUID?, start: Date, customer: CustomerDetails) {
        self.business = business
        self.location = location
        self.service = service
        self.provider = provider
        self.start = start
        self.customer = customer
    }
}
