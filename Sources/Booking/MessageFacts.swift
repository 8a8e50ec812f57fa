public import Foundation
public import Postgres
public import Vocabulary

/// What a message about one booking (or a waitlist notice about an entry)
/// needs, read fresh when the job runs: the booking is the single source of
/// truth, and the job carries only its id and the version it was about. The
/// one loader for sending and for previewing a message with a real booking.
public struct MessageFacts: Sendable {
    public var businessID: UUID
    public var bookingID: UUID
    public var version: Int
    /// nil for a waitlist notice, which is about an entry (checked when it was read).
    public var status: BookingStatus?
    public var startsAt: Date
    public var endsAt: Date
    public var customerName: String
    public var email: String?
    public var phone: String?
    public var locale: String
    public var consentEmail: Bool
    public var consentSMS: Bool
    public var businessName: String
    public var senderName: String
    public var replyTo: String?
    public var businessLocale: String
    public var businessDisabled: Bool
    public var locationName: String
    public var address: String
    public var timeZone: String
    public var serviceName: String
    /// The service's description and price, nil when the business set none.
    public var serviceDescription: String? = nil
    public var servicePrice: Price? = nil
    public var providerName: String
    public var providerEmail: String?
    public var providerWantsEmail: Bool
    /// The business's SMS quiet hours, seconds after local midnight, or nil.
    public var smsQuiet: QuietHours?
    /// `booknow_now()` when this was read: the database clock decides quiet hours.
    public var readAt: Date
    /// While the booking is a waitlist hold: when the offer lapses.
    public var holdExpiresAt: Date? = nil
    /// Set for a `notify_all` waitlist notice, which is about an entry and a
    /// free start rather than a booking (`bookingID` is then the entry's id):
    /// the business's booking page at that start (`book/{slug}?service=…&start=…`),
    /// relative to the public base URL.
    public var noticeBookingPath: String? = nil
    /// For an expired waitlist offer: the slot went to the next person waiting (from the job's payload).
    public var offerPassedOn = false
    /// For the provider a move took the booking from (`addressFormerProvider`):
    /// the provider who has it now; `providerName` and the email fields are then the former's.
    public var movedToProvider: String? = nil

    /// Who is told and about what, for `init(…row:)`: the customer `c`, the
    /// business `bz`, the location `l`, the service `s` and the provider `p`.
    /// Shared with waitlist notices, which read them through an entry.
    static let contextColumns = """
        c.name AS customer_name, c.email, c.phone, c.locale, c.consent_email, c.consent_sms,
        bz.name AS business_name, bz.sender_name, bz.reply_to, bz.default_locale, bz.disabled_at IS NOT NULL AS disabled,
        l.name AS location_name, l.address, l.time_zone, s.name AS service_name, s.description AS service_description,
        s.price_minor, s.price_currency, p.name AS provider_name,
        p.email AS provider_email, p.notify_by_email,
        extract(epoch FROM bz.sms_quiet_start)::int AS quiet_start, extract(epoch FROM bz.sms_quiet_end)::int AS quiet_end,
        booknow_now() AS read_at
        """

    /// A booking's own columns and the `contextColumns`, for `init(booking:…row:)`.
    static let bookingColumns = "bk.version, bk.status, bk.starts_at, bk.ends_at, bk.hold_expires_at, \(contextColumns)"

    /// From the booking `bk` to what `contextColumns` reads: every join follows
    /// a composite foreign key of the booking, so each is a primary-key lookup.
    static let bookingJoins = """
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        JOIN businesses bz ON bz.id = bk.business_id
        JOIN locations l ON l.business_id = bk.business_id AND l.id = bk.location_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN providers p ON p.business_id = bk.business_id AND p.id = bk.provider_id
        """

    static let select = "SELECT \(bookingColumns) FROM bookings bk \(bookingJoins) WHERE bk.business_id = $1 AND bk.id = $2"

    /// Many bookings by (business, id) pairs, in one statement.
    static let selectMany = """
        SELECT bk.business_id, bk.id, \(bookingColumns)
        FROM unnest($1::uuid[], $2::uuid[]) AS k(business_id, id)
        JOIN bookings bk ON bk.business_id = k.business_id AND bk.id = k.id
        \(bookingJoins)
        """

    /// The facts of a booking's message, read when the job runs (and for a preview with a real booking).
    public static func booking(business: UUID, booking: UUID, on connection: Connection) throws -> MessageFacts? {
        guard let row = try connection.query(select, [business, booking]).first else { return nil }
        return try MessageFacts(business: business, booking: booking, row: row)
    }

    /// A booking as the database knows it: its business and its id.
    public struct BookingKey: Hashable, Sendable {
        public var business: UUID
        public var booking: UUID
        public init(business: UUID, booking: UUID) {
            self.business = business
            self.booking = booking
        }
    }

    /// The facts of many bookings' messages in one statement (a claim's
    /// messages); a booking that no longer exists is absent from the answer.
    public static func bookings(_ keys: some Collection<BookingKey>, on connection: Connection) throws -> [BookingKey: MessageFacts] {
        if keys.isEmpty { return [:] }
        let rows = try connection.query(selectMany, [keys.map(\.business), keys.map(\.booking)])
        var facts: [BookingKey: MessageFacts] = [:]
        for row in rows {
            let key = BookingKey(business: try row.decode(UUID.self, "business_id"), booking: try row.decode(UUID.self, "id"))
            facts[key] = try MessageFacts(business: key.business, booking: key.booking, row: row)
        }
        return facts
    }

    static let selectProvider = "SELECT name, email, notify_by_email FROM providers WHERE business_id = $1 AND id = $2"

    /// These facts addressed to `provider`, whom a move took the booking from:
    /// their name and email in place of the booking's provider, who becomes
    /// `movedToProvider`. False when that provider no longer exists.
    public mutating func addressFormerProvider(_ provider: UUID, on connection: Connection) throws -> Bool {
        guard let row = try connection.query(Self.selectProvider, [businessID, provider]).first else { return false }
        movedToProvider = providerName
        providerName = try row.decode(String.self, "name")
        providerEmail = try row.decode(String?.self, "email")
        providerWantsEmail = try row.decode(Bool.self, "notify_by_email")
        return true
    }

    /// The entry's customer and the time on offer; by primary keys. The end is
    /// the start plus the service's duration, as a booking would have it.
    static let selectNotice = """
        SELECT e.status AS entry_status, e.service_id, e.location_id, $4::timestamptz + s.duration AS ends_at, bz.slug,
               \(contextColumns)
        FROM waitlist_entries e
        JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
        JOIN businesses bz ON bz.id = e.business_id
        JOIN locations l ON l.business_id = e.business_id AND l.id = e.location_id
        JOIN services s ON s.business_id = e.business_id AND s.id = e.service_id
        JOIN providers p ON p.business_id = e.business_id AND p.id = $3
        WHERE e.business_id = $1 AND e.id = $2
        """

    /// What a `notify_all` waitlist notice needs, or why it must not go out:
    /// only a customer still waiting is told (one who left or booked is not).
    public enum NoticeRead: Sendable {
        case found(MessageFacts)
        case skip(String)
    }

    /// The facts of a waitlist notice about `start` with `provider` for the entry.
    public static func waitlistNotice(business: UUID, entry: UUID, provider: UUID, start: Date, on connection: Connection) throws -> NoticeRead {
        guard let row = try connection.query(selectNotice, [business, entry, provider, start]).first else {
            return .skip("the waitlist entry or provider no longer exists")
        }
        if try row.decode(Bool.self, "disabled") { return .skip("the business is disabled") }
        let status = try row.decode(String.self, "entry_status")
        guard status == "waiting" else { return .skip("the waitlist entry is \(status)") }
        let id = { (uuid: UUID) in uuid.uuidString.lowercased() }
        let path = "book/\(try row.decode(String.self, "slug"))?service=\(id(try row.decode(UUID.self, "service_id")))&location=\(id(try row.decode(UUID.self, "location_id")))"
            + "&provider=\(id(provider))&start=\(start.formatted(.iso8601))"
        return .found(try MessageFacts(business: business, id: entry, version: 0, status: nil, startsAt: start,
                                       endsAt: try row.decode(Date.self, "ends_at"), noticeBookingPath: path, context: row))
    }
}

// In an extension, so the memberwise initializer it calls stays available.
extension MessageFacts {
    /// A booking's message data from a row with the `bookingColumns`.
    init(business: UUID, booking: UUID, row: Row) throws {
        try self.init(
            business: business, id: booking, version: try row.decode(Int.self, "version"), status: try row.decodeStatus(),
            startsAt: try row.decode(Date.self, "starts_at"), endsAt: try row.decode(Date.self, "ends_at"),
            holdExpiresAt: try row.decode(Date?.self, "hold_expires_at"), context: row)
    }

    /// The message data with the `contextColumns` of `row`.
    init(business: UUID, id: UUID, version: Int, status: BookingStatus?, startsAt: Date, endsAt: Date, holdExpiresAt: Date? = nil,
         noticeBookingPath: String? = nil, context row: Row) throws {
        self.init(
            businessID: business, bookingID: id, version: version, status: status, startsAt: startsAt, endsAt: endsAt,
            customerName: try row.decode(String.self, "customer_name"), email: try row.decode(String?.self, "email"),
            phone: try row.decode(String?.self, "phone"), locale: try row.decode(String.self, "locale"),
            consentEmail: try row.decode(Bool.self, "consent_email"), consentSMS: try row.decode(Bool.self, "consent_sms"),
            businessName: try row.decode(String.self, "business_name"), senderName: try row.decode(String.self, "sender_name"),
            replyTo: try row.decode(String?.self, "reply_to"), businessLocale: try row.decode(String.self, "default_locale"),
            businessDisabled: try row.decode(Bool.self, "disabled"), locationName: try row.decode(String.self, "location_name"),
            address: try row.decode(String.self, "address"), timeZone: try row.decode(String.self, "time_zone"),
            serviceName: try row.decode(String.self, "service_name"), providerName: try row.decode(String.self, "provider_name"),
            providerEmail: try row.decode(String?.self, "provider_email"), providerWantsEmail: try row.decode(Bool.self, "notify_by_email"),
            smsQuiet: QuietHours(start: try row.decode(Int?.self, "quiet_start"), end: try row.decode(Int?.self, "quiet_end")),
            readAt: try row.decode(Date.self, "read_at"),
            holdExpiresAt: holdExpiresAt, noticeBookingPath: noticeBookingPath)
        serviceDescription = try row.decode(String?.self, "service_description")
        servicePrice = try Price(row, amount: "price_minor", currency: "price_currency")
    }
}
