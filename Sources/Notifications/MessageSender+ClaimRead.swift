import Booking
import Foundation
import Postgres
import Queue
import Receipts
import Runtime
import Vocabulary

/// A claim's booking messages read together: one statement for all their
/// bookings and one for all their recipients' suppressions, instead of two
/// for each message. In a top-of-the-hour burst a claim holds dozens of
/// messages, and each statement costs the database and the daemon a round
/// trip whatever it reads.
///
/// The first of the claim's handlers to start reads for all of them
/// (`ClaimedBatch.shared`); the others use what it found while it is
/// younger than `claimReadLimit`, and read for themselves after that, as a
/// message whose booking no statement of the claim read does (a waitlist
/// notice, a message to the provider a move took the booking from, a
/// recipient that does not normalise).
extension MessageSender {
    /// What the claim's read found for each booking message, by job id.
    struct ClaimRead: Sendable {
        struct Entry: Sendable {
            var payload: SendMessagePayload
            var prepared: Prepared
        }

        var at: ContinuousClock.Instant
        var entries: [Int64: Entry]
    }

    static let claimReadKey = "send_message.booking_facts"
    /// How long a claim's read stands for a message's own: the handlers take a
    /// claim's jobs within milliseconds of each other unless the worker is
    /// backed up, and then a message reads again rather than send on old facts.
    public static let claimReadLimit: Duration = .seconds(1)

    /// This `send_message` job's facts and recipient from its claim's read, or
    /// nil when the job must read for itself.
    func readWithClaim(_ job: Job) -> ClaimRead.Entry? {
        guard let batch = job.batch else { return nil }
        let read = batch.shared(Self.claimReadKey) { readClaim($0) }
        guard monotonic() - read.at < Self.claimReadLimit else { return nil }
        return read.entries[job.id]
    }

    private func readClaim(_ jobs: [Job]) -> ClaimRead {
        let at = monotonic()
        var messages: [(id: Int64, payload: SendMessagePayload, booking: MessageFacts.BookingKey)] = []
        for job in jobs where job.kind == JobKind.sendMessage.rawValue {
            guard let business = job.businessID, case .booking(let payload)? = try? job.decodePayload(MessagePayload.self),
                  payload.formerProvider == nil else { continue }
            messages.append((job.id, payload, MessageFacts.BookingKey(business: business, booking: payload.bookingID)))
        }
        if messages.isEmpty { return ClaimRead(at: at, entries: [:]) }
        do {
            return try pool.withConnection { connection in
                let facts = try MessageFacts.bookings(Set(messages.map(\.booking)), on: connection)
                var entries: [Int64: ClaimRead.Entry] = [:]
                var addressed: [(id: Int64, payload: SendMessagePayload, data: MessageFacts, recipient: String)] = []
                for message in messages {
                    let payload = message.payload
                    switch Self.check(facts[message.booking], for: payload) {
                    case .skip(let reason):
                        entries[message.id] = .init(payload: payload, prepared: .skip(reason))
                    case .found(let data):
                        if let recipient = Self.recipient(payload.channel, data, payload.audience, kind: payload.message) {
                            addressed.append((message.id, payload, data, recipient))
                        } else {
                            entries[message.id] = .init(payload: payload, prepared: .skip(Self.noRecipient(payload.channel, payload.audience)))
                        }
                    }
                }
                let suppressed = try PostgresSuppressionList.suppressed(addressed.map {
                    .init(channel: $0.payload.channel, recipient: $0.recipient, business: $0.data.businessID)
                }, on: connection)
                for (message, suppressed) in zip(addressed, suppressed) {
                    guard let suppressed else { continue }
                    entries[message.id] = .init(payload: message.payload,
                                                prepared: suppressed ? .skip(Self.suppressed) : .send(message.data, message.recipient))
                }
                return ClaimRead(at: at, entries: entries)
            }
        } catch {
            // Each message reads for itself, and fails or succeeds on its own.
            return ClaimRead(at: at, entries: [:])
        }
    }
}

/// `booknow_message_reads_total{read}`: messages whose facts came from their
/// claim's read (`claim`) and those that read for themselves (`own`).
struct MessageReads: Sendable {
    let claim: Counter
    let own: Counter

    init(_ registry: MetricsRegistry) {
        let help = "Messages by how their booking was read: with the rest of their claim, or on their own."
        claim = registry.counter("booknow_message_reads_total", help: help, labels: ["read": "claim"])
        own = registry.counter("booknow_message_reads_total", help: help, labels: ["read": "own"])
    }
}
