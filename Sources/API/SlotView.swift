import Booking
import Foundation
import Scheduling

/// A free start time as the API shows it: UTC instants for programs, local
/// wall-clock times (with their offset) for people.
struct SlotView: Encodable {
    let start: Date
    let end: Date
    /// Seconds east of UTC on the shown zone's clock at `start` and at `end`.
    let startOffset: Int
    let endOffset: Int
    let providerIds: [String]

    init(_ slot: AvailableSlot, zone: TimeZone) {
        var offsets = ZoneOffsets(zone)
        self.init(slot, offsets: &offsets)
    }

    init(_ slot: AvailableSlot, offsets: inout ZoneOffsets) {
        start = slot.start
        end = slot.end
        startOffset = offsets.at(slot.start)
        endOffset = offsets.at(slot.end)
        providerIds = slot.providerIDs.map(APIJSON.id)
    }

    var localStart: String { APIJSON.local(start, offset: startOffset) }
    var localEnd: String { APIJSON.local(end, offset: endOffset) }

    private enum CodingKeys: String, CodingKey { case start, end, localStart, localEnd, providerIds }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(localStart, forKey: .localStart)
        try container.encode(localEnd, forKey: .localEnd)
        try container.encode(providerIds, forKey: .providerIds)
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

extension AvailabilityView {
    /// The bytes `APIJSON.response(self)` writes, written directly (keys in
    /// sorted order): the encoder was most of a cached answer's time.
    var json: [UInt8] {
        var out = JSONWriter(capacity: 256 + slots.count * 200)
        out.raw("{\"from\":")
        out.instant(from)
        out.raw(",\"location\":")
        out.string(location)
        out.raw(",\"provider\":")
        out.string(provider)
        out.raw(",\"service\":")
        out.string(service)
        out.raw(",\"slots\":")
        out.array(slots) { out, slot in
            out.raw("{\"end\":")
            out.instant(slot.end)
            out.raw(",\"local_end\":")
            out.instant(slot.end, offset: slot.endOffset)
            out.raw(",\"local_start\":")
            out.instant(slot.start, offset: slot.startOffset)
            out.raw(",\"provider_ids\":")
            out.array(slot.providerIds) { $0.string($1) }
            out.raw(",\"start\":")
            out.instant(slot.start)
            out.raw("}")
        }
        out.raw(",\"time_zone\":")
        out.string(timeZone)
        out.raw(",\"to\":")
        out.instant(to)
        out.raw("}")
        return out.bytes
    }
}
