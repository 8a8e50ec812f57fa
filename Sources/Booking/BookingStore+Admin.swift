public import Foundation
public import Postgres

extension BookingStore {
    /// Cancels any confirmed booking of the business for one of its admins,
    /// whatever the customer's notice: the same transaction, notices and
    /// `slot_released` as the customer's cancel, with the admin's reason.
    /// - Throws: `BookingError` `notFound`, `notActive`.
    public func cancel(booking id: UUID, business: UUID, reason: String, on connection: Connection) throws -> BookingRecord {
        try cancel(try lock(Self.lockByID, id, business: business, on: connection), business: business, reason: reason, on: connection)
    }

    /// Moves any confirmed booking of the business to `start`, with the same
    /// provider or `provider` (another at the booking's location who offers
    /// its service), whatever the customer's notice; the engine still checks
    /// the new time (hours, time off, other bookings) and the constraint
    /// decides races. A move to the booking's own start and provider changes
    /// nothing (`unchanged`).
    /// - Throws: `BookingError` `notFound` (also for another business's
    ///   provider), `notActive`, `slotUnavailable`, `notBookable` (also for a
    ///   provider who works elsewhere or does not offer the service).
    public func reschedule(booking id: UUID, business: UUID, to start: Date, provider: UUID? = nil,
                           on connection: Connection) throws -> Rescheduled {
        try move(try lock(Self.lockByID, id, business: business, on: connection), business: business, to: start, provider: provider,
                 on: connection)
    }
}
