public import Foundation
public import Postgres

/// What erasing a customer must also do outside the booking tables: cancel
/// the messages still queued for them (confirmations, reminders, notices),
/// so nothing is sent to an address that no longer exists in the database.
///
/// The queue (the `jobs` table) is not part of this module: whoever owns it
/// conforms and is wired in by the daemon. `cancelPendingMessages` runs
/// inside the erasure's transaction on `connection`, like `WorkOutbox`, so
/// the jobs are cancelled exactly when the erasure commits; it must not open
/// a connection or a transaction of its own.
public protocol CustomerErasure: Sendable {
    /// Cancels every job not yet sent that addresses the customer, found by
    /// `bookings` (every booking of theirs, whatever its status).
    func cancelPendingMessages(business: UUID, customer: UUID, bookings: [UUID], on connection: Connection) throws
}

/// Customers of a business as its admins see them, and their erasure.
public enum CustomerStore {
    /// By primary key, with how many bookings the customer has.
    static let select = """
        SELECT jsonb_build_object('id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'locale', c.locale,
            'consent_email', c.consent_email, 'consent_sms', c.consent_sms, 'created_at', c.created_at, 'erased_at', c.erased_at,
            'booking_count', (SELECT count(*) FROM bookings b WHERE b.business_id = c.business_id AND b.customer_id = c.id)) AS item
        FROM customers c WHERE c.business_id = $1 AND c.id = $2
        """
    /// Locks the customer first (lock order: customer, then their bookings),
    /// so a second erasure waits and finds the row already erased.
    static let lockCustomer = "SELECT erased_at IS NOT NULL AS erased FROM customers WHERE business_id = $1 AND id = $2 FOR UPDATE"
    /// The customers CHECK demands exactly this of an erased row: no name, no
    /// e-mail, no phone. Consent goes too: there is nobody left to consent.
    static let eraseCustomer = """
        UPDATE customers SET name = '', email = NULL, phone = NULL, consent_email = false, consent_sms = false,
                             erased_at = coalesce(erased_at, booknow_now())
        WHERE business_id = $1 AND id = $2
        """
    /// Bookings stay for the calendar; the free-text reason is the one column
    /// that may quote the customer. bookings_by_customer finds them.
    static let eraseBookings = """
        UPDATE bookings SET cancel_reason = NULL WHERE business_id = $1 AND customer_id = $2 RETURNING id
        """

    /// - Throws: `BookingError` `notFound`.
    public static func customer(business: UUID, id: UUID, on connection: Connection) throws -> String {
        guard let row = try connection.query(select, [business, id]).first else { throw BookingError.notFound("customer") }
        return try row.decode(String.self, "item")
    }

    /// Replaces the customer's personal data, keeps their bookings without
    /// it, and has `erasure` cancel their pending messages, all in the
    /// caller's transaction. Erasing twice is harmless.
    /// - Returns: the ids of the customer's bookings.
    /// - Throws: `BookingError` `notFound`.
    @discardableResult
    public static func erase(business: UUID, id: UUID, erasure: any CustomerErasure, on connection: Connection) throws -> [UUID] {
        guard try connection.query(lockCustomer, [business, id]).first != nil else { throw BookingError.notFound("customer") }
        try connection.execute(eraseCustomer, [business, id])
        let bookings = try connection.query(eraseBookings, [business, id]).map { try $0.decode(UUID.self, "id") }
        try erasure.cancelPendingMessages(business: business, customer: id, bookings: bookings, on: connection)
        return bookings
    }
}
