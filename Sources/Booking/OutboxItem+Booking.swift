import Foundation
import Vocabulary

extension OutboxItem {
    /// One `send_message` per channel; the deadline is the appointment's start,
    /// after which the message is worthless.
    /// - Parameter offeredNext: for an expired waitlist offer, whether its time went to the next person waiting.
    static func messages(_ message: MessageKind, booking: BookingRecord, channels: [Channel], offeredNext: Bool? = nil) -> [OutboxItem] {
        channels.map { channel in
            sendMessage(SendMessagePayload(bookingID: booking.id, bookingVersion: booking.version, message: message, channel: channel,
                                           offeredNext: offeredNext), booking: booking)
        }
    }

    /// What a booking change (confirmed, moved, cancelled) tells: the customer on
    /// each channel they consented to, and the provider by email (`audience`
    /// `staff`; dropped at run time when the provider has no email or wants no
    /// notices). The provider's copy does not depend on the customer's consent.
    /// A move to another provider also tells `formerProvider`, whose calendar
    /// entry it cancels.
    static func change(_ change: BookingChange.Kind, booking: BookingRecord, channels: [Channel],
                       formerProvider: UUID? = nil) -> [OutboxItem] {
        var items = messages(change.message, booking: booking, channels: channels)
            + [sendMessage(SendMessagePayload(bookingID: booking.id, bookingVersion: booking.version, message: change.message,
                                              channel: .email, audience: .staff), booking: booking)]
        if let formerProvider, formerProvider != booking.providerID {
            items.append(sendMessage(SendMessagePayload(bookingID: booking.id, bookingVersion: booking.version, message: change.message,
                                                        channel: .email, audience: .staff, formerProvider: formerProvider),
                                     booking: booking))
        }
        return items
    }

    private static func sendMessage(_ payload: SendMessagePayload, booking: BookingRecord) -> OutboxItem {
        OutboxItem(.message(payload), businessID: booking.businessID, deadline: booking.startsAt, dedupeKey: payload.dedupeKey)
    }

    /// `slot_released` for the blocked interval a cancelled or moved booking gave
    /// up, so the waitlist can be offered it; deduplicated per booking version.
    /// `provider`: whose time it was, when the move changed the booking's provider.
    static func slotReleased(_ freed: Range<Date>, booking: BookingRecord, provider: UUID? = nil) -> OutboxItem {
        let payload = SlotReleasedPayload(bookingID: booking.id, providerID: provider ?? booking.providerID, serviceID: booking.serviceID,
                                          locationID: booking.locationID, freed: freed)
        return OutboxItem(.slotReleased(payload), businessID: booking.businessID, deadline: freed.lowerBound,
                          dedupeKey: payload.dedupeKey(version: booking.version))
    }
}

extension BookingChange {
    /// The change `kind` of `booking`, at the version it now has.
    init(_ kind: Kind, _ booking: BookingRecord) {
        self.init(kind, business: booking.businessID, booking: booking.id, version: booking.version)
    }
}
