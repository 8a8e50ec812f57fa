public import Foundation
public import Postgres
import Crypto
import Vocabulary

/// The checks every public write passes before it books or queues anything
/// (abuse of the public form), and the records they count. Runs inside the
/// booking's own transaction: a refusal rolls back nothing because nothing
/// was written yet, and a booking's records exist exactly when it commits.
///
/// Timed rules read `booknow_now()`, so tests move the database clock.
public struct PublicGate: Sendable {
    public let limits: PublicLimits
    let outbox: any WorkOutbox

    public init(limits: PublicLimits, outbox: any WorkOutbox) {
        self.limits = limits
        self.outbox = outbox
    }

    /// A business's limits: the deployment's, overridden by its row.
    public struct BusinessLimits: Sendable, Equatable {
        public var openBookingsPerContact: Int
        public var submissionsPerHour: Int
        public var floodBookingsPerHour: Int
        /// Calling codes SMS may go to.
        public var smsCallingCodes: Set<String>
    }

    /// What an admitted public booking becomes.
    public enum Admission: Sendable, Equatable {
        case booking
        /// Flood mode: a hold, released at the instant unless confirmed by its emailed link.
        case hold(until: Date)
    }

    // The business's overrides and its locations' zones; by primary key and locations' business index.
    static let selectOverrides = """
        SELECT b.public_open_bookings_per_contact, b.public_submissions_per_hour, b.public_flood_bookings_per_hour,
               b.sms_calling_codes, ARRAY(SELECT DISTINCT l.time_zone FROM locations l WHERE l.business_id = b.id) AS zones
        FROM businesses b WHERE b.id = $1
        """

    public func businessLimits(_ business: UUID, on connection: Connection) throws -> BusinessLimits {
        guard let row = try connection.query(Self.selectOverrides, [business]).first else {
            return BusinessLimits(openBookingsPerContact: limits.openBookingsPerContact, submissionsPerHour: limits.submissionsPerAddressPerHour,
                                  floodBookingsPerHour: limits.floodBookingsPerHour, smsCallingCodes: [])
        }
        let codes = try row.decode([String]?.self, "sms_calling_codes").map(Set.init)
            ?? Set(try row.decode([String].self, "zones").compactMap(CallingCodes.code(timeZone:)))
        return BusinessLimits(
            openBookingsPerContact: try row.decode(Int?.self, "public_open_bookings_per_contact") ?? limits.openBookingsPerContact,
            submissionsPerHour: try row.decode(Int?.self, "public_submissions_per_hour") ?? limits.submissionsPerAddressPerHour,
            floodBookingsPerHour: try row.decode(Int?.self, "public_flood_bookings_per_hour") ?? limits.floodBookingsPerHour,
            smsCallingCodes: codes)
    }

    /// The SMS rules alone (no database): a number SMS would go to must be in
    /// an allowed country and outside the premium-rate ranges.
    public static func checkSMS(_ customer: CustomerDetails, allowed: Set<String>) throws(PublicRefusal) {
        guard customer.consentSMS, let phone = customer.phone else { return }
        if CallingCodes.isPremium(phone) { throw PublicRefusal(.smsPremiumNumber, retryAfter: 86_400) }
        if !CallingCodes.isAllowed(phone, codes: allowed) { throw PublicRefusal(.smsCountryNotAllowed, retryAfter: 86_400) }
    }

    // Serialises public writes to one recipient, so two at once cannot both pass its cap.
    static let lockRecipient = "SELECT pg_advisory_xact_lock(hashtextextended($1, 14))"
    // The recipient's rows of the last 24 hours by public_messages_recipient; the oldest says when one leaves the window.
    static let recipientCount = """
        SELECT count(*)::int AS n, extract(epoch FROM min(created_at) + interval '1 day' - booknow_now())::float8 AS wait
        FROM public_messages WHERE recipient_hash = $1 AND created_at > booknow_now() - interval '1 day'
        """
    // The contact's live future bookings at this business (customers by business; few rows per business).
    static let openBookings = """
        SELECT count(*)::int AS n, extract(epoch FROM min(bk.starts_at) - booknow_now())::float8 AS wait
        FROM bookings bk JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
        WHERE bk.business_id = $1 AND bk.status IN ('confirmed', 'held') AND bk.starts_at > booknow_now()
          AND ((c.email IS NOT NULL AND c.email = $2) OR (c.phone IS NOT NULL AND c.phone = $3))
        """
    // The business's public bookings of the last hour, by public_bookings_recent.
    static let recentPublic = """
        SELECT count(*)::int AS n FROM public_bookings WHERE business_id = $1 AND created_at > booknow_now() - interval '1 hour'
        """

    /// Whether `business` is flooded now, starting or ending its flood mode
    /// (and telling the business once each way) when that changed.
    ///
    /// Run in a transaction of its own before the booking's: a booking refused
    /// afterwards (an attacker giving no email) rolls back its own transaction,
    /// never the start of flood mode.
    public func isFlooded(_ business: UUID, limits businessLimits: BusinessLimits, on connection: Connection) throws -> Bool {
        guard businessLimits.floodBookingsPerHour > 0 else { return false }
        let recent = try connection.query(Self.recentPublic, [business])[0].decode(Int.self, "n")
        let flooding = recent >= businessLimits.floodBookingsPerHour
        try PublicFloods.update(business: business, flooding: flooding, outbox: outbox, on: connection)
        return flooding
    }

    /// Refuses `customer`'s public booking at `business` with the reason and
    /// the wait, or says whether it books or holds (`flooded`: what `isFlooded` said).
    public func admit(_ customer: CustomerDetails, business: UUID, limits businessLimits: BusinessLimits, flooded: Bool,
                      on connection: Connection) throws -> Admission {
        try Self.checkSMS(customer, allowed: businessLimits.smsCallingCodes)
        if limits.messagesPerRecipientPerDay > 0 {
            for recipient in Self.recipients(customer) {
                try connection.execute(Self.lockRecipient, [recipient.key])
                let row = try connection.query(Self.recipientCount, [recipient.hash])[0]
                if try row.decode(Int.self, "n") + 1 > limits.messagesPerRecipientPerDay {
                    throw PublicRefusal(.recipientDailyLimit, retryAfter: Int((try row.decode(Double?.self, "wait") ?? 86_400).rounded(.up)))
                }
            }
        }
        if businessLimits.openBookingsPerContact > 0 {
            let row = try connection.query(Self.openBookings, [business, customer.email, customer.phone])[0]
            if try row.decode(Int.self, "n") >= businessLimits.openBookingsPerContact {
                throw PublicRefusal(.openBookingsLimit, retryAfter: Int((try row.decode(Double?.self, "wait") ?? 3600).rounded(.up)))
            }
        }
        guard flooded else { return .booking }
        guard customer.email != nil else { throw PublicRefusal(.emailRequired, retryAfter: 3600) }
        let now = try connection.query("SELECT booknow_now() AS now")[0].decode(Date.self, "now")
        return .hold(until: now.addingTimeInterval(limits.holdLifetime))
    }

    static let insertMessage = "INSERT INTO public_messages (recipient_hash, business_id) VALUES ($1, $2)"
    static let insertPublicBooking = "INSERT INTO public_bookings (business_id, booking_id, held) VALUES ($1, $2, $3)"

    /// Records an admitted booking: it counts toward flood mode, and each
    /// recipient it messages (a hold's link goes by email only) toward the daily cap.
    public func record(_ booked: BookedAppointment, customer: CustomerDetails, held: Bool, on connection: Connection) throws {
        try connection.execute(Self.insertPublicBooking, [booked.booking.businessID, booked.booking.id, held])
        let messaged = Self.recipients(customer).filter { !held || $0.channel == .email }
        for recipient in messaged where held || customer.channels.contains(recipient.channel) {
            try connection.execute(Self.insertMessage, [recipient.hash, booked.booking.businessID])
        }
    }

    struct Recipient {
        let channel: Channel
        let key: String
        var hash: Data { Data(SHA256.hash(Array(key.utf8))) }
    }

    static func recipients(_ customer: CustomerDetails) -> [Recipient] {
        var list: [Recipient] = []
        if let email = customer.email { list.append(Recipient(channel: .email, key: "email:\(email.lowercased())")) }
        if let phone = customer.phone { list.append(Recipient(channel: .sms, key: "sms:\(phone)")) }
        return list
    }
}
