import Booking
import Foundation

/// A free start time as the API shows it: UTC instants for programs, local
/// wall-clock times (with their offset) for people.
struct SlotView: Encodable {
    let start: Date
    let end: Date
    let localStart: String
    let localEnd: String
    let providerIds: [String]

    init(_ slot: AvailableSlot, zone: TimeZone) {
        start = slot.start
        end = slot.end
        localStart = APIJSON.local(slot.start, zone)
        localEnd = APIJSON.local(slot.end, zone)
        providerIds = slot.providerIDs.map(APIJSON.id)
    }
}

/// `GET /v1/availability`'s answer.
struct AvailabilityView: Encodable {
    let service: String
    let location: String
    /// A provider's id, or `any`.
    let provider: String
    let timeZone: String
    let from: Date
    let to: Date
    let slots: [SlotView]
}
