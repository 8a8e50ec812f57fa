import TestSupport

/// The demo salon with an outbox that records what booking operations enqueue.
typealias Salon = SalonFixture<RecordingOutbox>

extension SalonFixture where Outbox == RecordingOutbox {
    static func with(_ body: (Salon) throws -> Void) throws {
        try with(outbox: RecordingOutbox(), body)
    }
}
