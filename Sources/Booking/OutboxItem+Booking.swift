import Foundation

extension OutboxItem {
    /// One `send_message` per channel. The dedupe key names booking, version,
    /// message and channel, so a retried transaction cannot queue a message twice;
    /// the deadline is the appointment's start, after which the message is worthless.
    /// - Parameter facts: more payload fields the message's text depends on
    ///   (`offered_next` of an expired waitlist offer).
    static func messages(_ message: String, booking: BookingRecord, channels: [String], facts: [String: String] = [:]) -> [OutboxItem] {
        channels.map { channel in
            var item = sendMessage(message, booking: booking, channel: channel, key: "message:\(booking.key):\(message):\(channel)")
            item.payload.merge(facts) { kept, _ in kept }
            return item
        }
    }

    /// What a booking change (confirmed, moved, cancelled) tells: the customer on
    /// each channel they consented to, and the provider by email (`audience`
    /// `staff`; dropped at run time when the provider has no email or wants no
    /// notices). The provider's copy does not depend on the customer's consent.
    static func change(_ message: String, booking: BookingRecord, channels: [String]) -> [OutboxItem] {
        messages(message, booking: booking, channels: channels)
            + [sendMessage(message, booking: booking, channel: "email", key: "staff:\(booking.key):\(message)", audience: "staff")]
    }

    private static func sendMessage(_ message: String, booking: BookingRecord, channel: String, key: String, audience: String? = nil) -> OutboxItem {
        var payload = ["booking_id": booking.id.uuidString.lowercased(), "booking_version": String(booking.version),
                       "message": message, "channel": channel]
        payload["audience"] = audience
        return OutboxItem(queue: channel, kind: .sendMessage, businessID: booking.businessID, payload: payload,
                          deadline: booking.startsAt, dedupeKey: key)
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

private extension BookingRecord {
    /// `<booking id>:v<version>`, the part of a message's dedupe key naming the booking.
    var key: String { "\(id.uuidString.lowercased()):v\(version)" }
}
