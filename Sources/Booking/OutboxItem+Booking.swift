import Foundation

extension OutboxItem {
    /// One `send_message` per channel. The dedupe key names booking, version,
    /// message and channel, so a retried transaction cannot queue a message twice;
    /// the deadline is the appointment's start, after which the message is worthless.
    static func messages(_ message: String, booking: BookingRecord, channels: [String]) -> [OutboxItem] {
        channels.map { channel in
            OutboxItem(
                queue: channel, kind: .sendMessage, businessID: booking.businessID,
                payload: ["booking_id": booking.id.uuidString.lowercased(), "booking_version": String(booking.version),
                          "message": message, "channel": channel],
                deadline: booking.startsAt,
                dedupeKey: "message:\(booking.id.uuidString.lowercased()):v\(booking.version):\(message):\(channel)")
        }
    }

    /// `slot_released` for the blocked interval a cancelled or moved booking gave
    /// up, so the waitlist can be offered it; deduplicated per booking version.
    static func slotReleased(_ freed: Range<Date>, booking: BookingRecord) -> OutboxItem {
        let id = booking.id.uuidString.lowercased()
        return OutboxItem(
            queue: "default", kind: .slotReleased, businessID: booking.businessID,
            payload: ["booking_id": id, "provider_id": booking.providerID.uuidString.lowercased(),
                      "service_id": booking.serviceID.uuidString.lowercased(), "location_id": booking.locationID.uuidString.lowercased(),
                      "from": freed.lowerBound.formatted(.iso8601), "until": freed.upperBound.formatted(.iso8601)],
            deadline: freed.lowerBound,
            dedupeKey: "slot_released:\(id):v\(booking.version)")
    }
}
