import Foundation
import Booking
import Postgres
import Runtime

/// The daemon's `WorkOutbox` while this build has no Queue module: each item
/// the booking operations enqueue is written to the log (kind, queue,
/// business, dedupe key; never a token or contact data), so an operator sees
/// the work a booking caused. Nothing is delivered; the integration with the
/// Queue replaces this type with one that inserts into `jobs` on `connection`.
struct LogOutbox: WorkOutbox {
    let logger: Logger

    func enqueue(_ work: [OutboxItem], on connection: Connection) throws {
        for item in work {
            logger.info("work enqueued", [
                "kind": LogValue(item.kind.rawValue), "queue": LogValue(item.queue),
                "business": LogValue(item.businessID.uuidString.lowercased()), "dedupe": LogValue(item.dedupeKey ?? "-"),
            ])
        }
    }
}

/// Erasing a customer cancels their queued messages. This outbox queues
/// nothing (it only logs), so there is nothing pending to cancel; the Queue
/// integration conforms its own outbox, which cancels the customer's jobs in
/// the erasure's transaction.
extension LogOutbox: CustomerErasure {
    func cancelPendingMessages(business: UUID, customer: UUID, bookings: [UUID], on connection: Connection) throws {
        logger.info("customer erased", ["business": LogValue(business.uuidString.lowercased()), "bookings": LogValue(String(bookings.count))])
    }
}
