public import Booking
public import Foundation
public import Postgres
import Synchronization

/// The outbox double of every test world: it keeps the work booking operations
/// enqueue, the booking change each enqueue tells of, and what customer erasure
/// asks to cancel, each only once its transaction commits
/// (`Connection.afterCommit`), so rolled-back work never counts as enqueued.
public final class RecordingOutbox: WorkOutbox, CustomerErasure {
    private let items = Mutex<[OutboxItem]>([])
    private let told = Mutex<[BookingChange]>([])
    private let erased = Mutex<[(customer: UUID, bookings: [UUID])]>([])

    public init() {}

    /// Every committed item, in the order of the commits.
    public var all: [OutboxItem] { items.withLock { $0 } }
    /// Every committed booking change, in the order of the commits.
    public var changes: [BookingChange] { told.withLock { $0 } }
    /// Every committed erasure: the customer and their bookings.
    public var erasures: [(customer: UUID, bookings: [UUID])] { erased.withLock { $0 } }

    public func enqueue(_ work: [OutboxItem], for change: BookingChange?, on connection: Connection) throws {
        connection.afterCommit { [self] in
            items.withLock { $0 += work }
            if let change { told.withLock { $0.append(change) } }
        }
    }

    public func cancelPendingMessages(business: UUID, customer: UUID, bookings: [UUID], on connection: Connection) throws {
        connection.afterCommit { [self] in erased.withLock { $0.append((customer, bookings)) } }
    }
}
