import Booking
import Postgres
import Synchronization
import TestSupport

/// A `WorkOutbox` that remembers what was enqueued, for tests to inspect.
/// Items are recorded when enqueued, so a test only looks after its
/// transaction committed.
final class RecordingOutbox: WorkOutbox {
    private let items = Mutex<[OutboxItem]>([])
    private let told = Mutex<[BookingChange]>([])

    func enqueue(_ work: [OutboxItem], for change: BookingChange?, on connection: Connection) throws {
        items.withLock { $0 += work }
        if let change { told.withLock { $0.append(change) } }
    }

    var all: [OutboxItem] { items.withLock { $0 } }
    var changes: [BookingChange] { told.withLock { $0 } }
}

/// The demo salon with an outbox that records what booking operations enqueue.
typealias Salon = SalonFixture<RecordingOutbox>

extension SalonFixture where Outbox == RecordingOutbox {
    static func with(_ body: (Salon) throws -> Void) throws {
        try with(outbox: RecordingOutbox(), body)
    }
}
