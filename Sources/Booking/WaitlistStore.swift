public import Foundation
public import Postgres

/// The waitlist on PostgreSQL: customers join for a service at a location
/// (with one provider or anyone) and the times they would take, see their
/// place in the queue, and leave; admins list a business's entries.
///
/// Offers are made by `WaitlistOffers` when time is freed. Calls block, like
/// `BookingStore`'s: run them on dedicated or HTTP pool threads.
public struct WaitlistStore: Sendable {
    public let pool: ConnectionPool
    public let tokens: ManageToken

    public init(pool: ConnectionPool, tokens: ManageToken) {
        self.pool = pool
        self.tokens = tokens
    }

    /// The wanted windows become one multirange (overlapping windows merge),
    /// which the offer query tests with `@>`. The id is chosen by the caller
    /// because the entry's token is derived from it.
    static let insertEntry = """
        INSERT INTO waitlist_entries (business_id, id, service_id, location_id, provider_id, customer_id, wanted, token_hash)
        VALUES ($1, $2, $3, $4, $5, $6,
                tstzmultirange(VARIADIC ARRAY(SELECT tstzrange(w.f, w.u) FROM unnest($7::timestamptz[], $8::timestamptz[]) AS w(f, u))), $9)
        """
    /// One entry by its token's hash (the unique index), within the caller's business.
    static let selectByToken = "SELECT \(WaitlistEntry.columns) FROM waitlist_entries e WHERE e.token_hash = $1 AND e.business_id = $2"
    /// One entry by its primary key, within the caller's business.
    static let selectByID = "SELECT \(WaitlistEntry.columns) FROM waitlist_entries e WHERE e.business_id = $1 AND e.id = $2"
    /// Waiting entries ahead of this one for the same service and location,
    /// counted on waitlist_waiting_in_order.
    static let countAhead = """
        SELECT count(*)::int8 AS ahead FROM waitlist_entries
        WHERE business_id = $1 AND service_id = $2 AND location_id = $3 AND status = 'waiting' AND (created_at, id) < ($4, $5)
        """
    /// Leaving is allowed while waiting; an offered entry's hold runs out on its
    /// own. By primary key.
    static let leaveEntry = """
        UPDATE waitlist_entries SET status = 'left', updated_at = booknow_now()
        WHERE business_id = $1 AND id = $2 AND status = 'waiting'
        """
    /// A business's entries, newest first, on waitlist_by_business.
    static let selectForBusiness = """
        SELECT \(WaitlistEntry.columns), c.name AS customer_name
        FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
        WHERE e.business_id = $1 AND ($2::text IS NULL OR e.status = $2)
        ORDER BY e.created_at DESC, e.id LIMIT 500
        """

    /// Adds a waiting entry, and its customer, in the caller's transaction.
    /// - Throws: `BookingError` `notFound` for an unknown service, location or
    ///   provider; `notBookable` when the provider does not offer the service there.
    public func join(_ request: WaitlistRequest, on connection: Connection) throws -> JoinedWaitlist {
        precondition(!request.wanted.isEmpty, "the caller checks that at least one window is wanted")
        // Checks the ids the way booking does, so the answers match the booking API's.
        let first = request.wanted[0]
        _ = try ScheduleSnapshot.load(business: request.business, location: request.location, service: request.service,
                                      provider: request.provider, around: first, on: connection)
        let customerID = try BookingStore.insert(request.customer, business: request.business, on: connection)
        let id = UUID()
        let (token, hash) = tokens.make(forWaitlistEntry: id)
        try connection.execute(Self.insertEntry, [
            request.business, id, request.service, request.location, request.provider, customerID,
            request.wanted.map(\.lowerBound), request.wanted.map(\.upperBound), hash,
        ])
        return JoinedWaitlist(entry: try entry(token: token, business: request.business, on: connection), token: token)
    }

    /// The entry a waitlist link names, with its place in the queue. Reads only.
    public func entry(token: String, business: UUID) throws -> WaitlistEntry {
        try pool.withConnection { try entry(token: token, business: business, on: $0) }
    }

    public func entry(token: String, business: UUID, on connection: Connection) throws -> WaitlistEntry {
        guard let hash = ManageToken.hash(token), let row = try connection.query(Self.selectByToken, [hash, business]).first else {
            throw BookingError.notFound("waitlist entry")
        }
        var entry = try WaitlistEntry(row: row)
        if entry.status == "waiting" {
            entry.ahead = try connection.query(Self.countAhead, [business, entry.serviceID, entry.locationID, entry.createdAt, entry.id])[0]
                .decode(Int.self, "ahead")
        }
        return entry
    }

    /// Leaves the waitlist; leaving twice answers the entry as it is.
    /// - Throws: `BookingError` `notFound`; `notActive` when an offer is open or
    ///   the entry was booked (the offer link says what to do then).
    public func leave(token: String, business: UUID, on connection: Connection) throws -> WaitlistEntry {
        let current = try entry(token: token, business: business, on: connection)
        try leave(current, business: business, on: connection)
        return try entry(token: token, business: business, on: connection)
    }

    /// Takes an entry off the waitlist for its customer (the business's
    /// console, when they ask by phone): the same rules as their own link's
    /// `leave(token:)`, so an entry holding an offer stays until the hold is
    /// accepted or runs out (the expiry then offers the time to the next in line).
    /// Unlike the customer's link, an entry that is no longer waiting is refused,
    /// so a second click changes nothing and is not recorded as a removal.
    /// - Throws: `BookingError` `notFound`; `notActive` when an offer is open,
    ///   the entry was booked, or it already left or expired.
    public func leave(entry id: UUID, business: UUID, on connection: Connection) throws -> WaitlistEntry {
        guard let row = try connection.query(Self.selectByID, [business, id]).first else { throw BookingError.notFound("waitlist entry") }
        let current = try WaitlistEntry(row: row)
        guard current.status == "waiting" else { throw BookingError(.notActive, "the waitlist entry is \(current.status)") }
        try leave(current, business: business, on: connection)
        return try WaitlistEntry(row: connection.query(Self.selectByID, [business, id])[0])
    }

    /// The one way an entry leaves, whoever asks.
    private func leave(_ current: WaitlistEntry, business: UUID, on connection: Connection) throws {
        if current.status == "offered" || current.status == "booked" {
            throw BookingError(.notActive, "the waitlist entry is \(current.status)")
        }
        try connection.execute(Self.leaveEntry, [business, current.id])
    }

    /// The business's entries, newest first (at most 500), optionally of one status.
    public func list(business: UUID, status: String?) throws -> [WaitlistEntry] {
        try pool.withConnection { connection in
            try connection.query(Self.selectForBusiness, [business, status]).map { row in
                var entry = try WaitlistEntry(row: row)
                entry.customerName = try row.decode(String.self, "customer_name")
                return entry
            }
        }
    }
}

/// What a customer asks for when joining the waitlist.
public struct WaitlistRequest: Sendable, Hashable {
    public var business: UUID
    public var location: UUID
    public var service: UUID
    /// nil: any provider at the location who offers the service.
    public var provider: UUID?
    /// The times the customer would take; at least one.
    public var wanted: [Range<Date>]
    public var customer: CustomerDetails

    public init(business: UUID, location: UUID, service: UUID, provider: UUID?, wanted: [Range<Date>], customer: CustomerDetails) {
        self.business = business
        self.location = location
        self.service = service
        self.provider = provider
        self.wanted = wanted
        self.customer = customer
    }
}

/// What `join` returns: the entry and, this once, the token of its links.
public struct JoinedWaitlist: Sendable {
    public let entry: WaitlistEntry
    /// Only its SHA-256 is stored; it must never be logged.
    public let token: String
}
