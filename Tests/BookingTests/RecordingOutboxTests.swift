import Booking
import Foundation
import Postgres
import Testing
import TestSupport

/// The test worlds' outbox double counts work as enqueued only once the
/// booking's transaction commits, as the jobs table would hold it.
@Suite("The recording outbox keeps committed work only")
struct RecordingOutboxTests {
    struct RolledBack: Error {}

    @Test func aBookingRolledBackAfterItsEnqueueLeavesNothingRecorded() throws {
        try Salon.with { salon in
            #expect(throws: RolledBack.self) {
                try salon.pool.withTransaction { connection in
                    _ = try salon.store.book(salon.request(salon.at(10), provider: salon.ava), on: connection)
                    throw RolledBack()
                }
            }
            #expect(try salon.scalar(Int.self, "SELECT count(*)::int FROM bookings") == 0)
            #expect(salon.outbox.all.isEmpty && salon.outbox.changes.isEmpty)

            let booked = try salon.store.book(salon.request(salon.at(10), provider: salon.ava))
            #expect(salon.outbox.changes == [BookingChange(.confirmed, business: salon.seeded.businessID, booking: booked.booking.id,
                                                          version: booked.booking.version)])
            #expect(!salon.outbox.all.isEmpty)
        }
    }

    @Test func anErasureRolledBackLeavesNothingRecorded() throws {
        try Salon.with { salon in
            let customer = UUID(), booking = UUID()
            #expect(throws: RolledBack.self) {
                try salon.pool.withTransaction { connection in
                    try salon.outbox.cancelPendingMessages(business: salon.seeded.businessID, customer: customer, bookings: [booking], on: connection)
                    throw RolledBack()
                }
            }
            #expect(salon.outbox.erasures.isEmpty)
            try salon.pool.withTransaction { connection in
                try salon.outbox.cancelPendingMessages(business: salon.seeded.businessID, customer: customer, bookings: [booking], on: connection)
            }
            #expect(salon.outbox.erasures.map(\.customer) == [customer])
        }
    }
}
