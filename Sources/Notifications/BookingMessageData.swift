import Booking
import Foundation
import Postgres
import Vocabulary

/// What a message about one booking needs, read fresh when the job runs: the
/// booking is the single source of truth, and the job carries only its id and
/// the version it was about.
struct BookingMessageData: Sendable {
    var businessID: UUID
    var bookingID: UUID
    var version: Int
    /// nil for a waitlist notice, which is about an entry (checked when it was read).
    var status: BookingStatus?
    var startsAt: Date
    var endsAt: Date
    var customerName: String
    var email: String?
    var phone: String?
    var locale: String
    var consentEmail: Bool
    var consentSMS: Bool
    var businessName: String
    var senderName: String
    var replyTo: String?
    var businessLocale: String
    var businessDisabled: Bool
    var locationName: String
    var address: String
    var timeZone: String
    var serviceName: String
    var providerName: String
    var providerEmail: String?
    var providerWantsEmail: Bool
    /// The business's SMS quiet hours, seconds after local midnight, or nil.
    var smsQuiet: QuietHours?
    /// `booknow_now()` when this was read: the database clock decides quiet hours.
    var readAt: Date
    /// While the booking is a waitlist hold: when the offer lapses.
    var holdExpiresAt: Date? = nil
    /// Set for a `notify_all` waitlist notice, which is about an entry and a
    /// free start rather than a booking (`bookingID` is then the entry's id).
    var notice: WaitlistNotice? = nil
    /// For an expired waitlist offer: the slot went to the next person waiting (from the job's payload).
    var offerPassedOn = false

    /// Who is told and about what, for `init(…row:)`: the customer `c`, the
    /// business `bz`, the location `l`, the service `s` and the provider `p`.
    /// Shared with waitlist notices, which read them through an entry.
    static let contextColumns = """
        c.name AS customer_name, c.email, c.phone, c.locale, c.consent_email, c.consent_sms,
        bz.name AS business_name, bz.sender_name, bz.reply_to, bz.default_locale, bz.disabled_at IS NOT NULL AS disabled,
        l.name AS location_name, l.address, l.time_zone, s.name AS service_name, p.name AS provider_name,
        p.email AS provider_email, p.notify_by_email,
        extract(epoch FROM bz.sms_quiet_start)::int AS quiet_start, extract(epoch FROM bz.sms_quiet_end)::int AS quiet_end,
        booknow_now() AS read_at
        """

    // By primary key; every join follows a composite foreign key of the booking.
    static let select = """
        SELECT bk.version, bk.status, bk.starts_at, bk.ends_at, bk.hold_expires_at, \(contextColumns)
        FROM bookings bk
        JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        JOIN businesses bz ON bz.id = bk.business_id
        JOIN locations l ON l.business_id = bk.business_id AND l.id = bk.location_id
        JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
        JOIN providers p ON p.business_id = bk.business_id AND p.id = bk.provider_id
        WHERE bk.business_id = $1 AND bk.id = $2
        """

    static func load(business: UUID, booking: UUID, on connection: Connection) throws -> BookingMessageData? {
        guard let row = try connection.query(select, [business, booking]).first else { return nil }
        return try BookingMessageData(
            business: business, id: booking, version: try row.decode(Int.self, "version"), status: try row.decodeStatus(),
            startsAt: try row.decode(Date.self, "starts_at"), endsAt: try row.decode(Date.self, "ends_at"),
            holdExpiresAt: try row.decode(Date?.self, "hold_expires_at"), context: row)
    }

    /// Why a message of `kind` about `version` must not go out any more, or nil.
    ///
    /// A confirmation or reminder is about a live booking at one version: once
    /// the booking is cancelled or moved (version + 1) it is void. A
    /// cancellation notice is about the cancelled booking itself. A waitlist
    /// offer is about a hold at one version (accepted or released, it is void);
    /// its expiry notice is about the released hold.
    func staleness(kind: MessageKind, version expected: Int) -> String? {
        if businessDisabled { return "the business is disabled" }
        guard let status else { return nil }
        switch kind {
        case .bookingCancelled, .waitlistOfferExpired:
            return status == .cancelled ? nil : "the booking is not cancelled"
        case .bookingHold:
            if status != .held { return "the booking is no longer waiting for its confirmation (it is \(status.rawValue))" }
            return version == expected ? nil : "the hold changed (version \(version), message was for version \(expected))"
        case .waitlistOffer:
            if status != .held { return "the offer is no longer open (the booking is \(status.rawValue))" }
            return version == expected ? nil : "the offer changed (version \(version), message was for version \(expected))"
        case .bookingConfirmed, .bookingRescheduled, .reminder:
            if status != .confirmed { return "the booking is \(status.rawValue)" }
            if version != expected { return "the booking changed (version \(version), message was for version \(expected))" }
            return nil
        }
    }
}

// In an extension, so the memberwise initializer it calls stays available.
extension BookingMessageData {
    /// The message data with the `contextColumns` of `row`.
    init(business: UUID, id: UUID, version: Int, status: BookingStatus?, startsAt: Date, endsAt: Date, holdExpiresAt: Date? = nil,
         notice: WaitlistNotice? = nil, context row: Row) throws {
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
            holdExpiresAt: holdExpiresAt, notice: notice)
    }
}
