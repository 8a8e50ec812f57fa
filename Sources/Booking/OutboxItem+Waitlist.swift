import Foundation
import Vocabulary

extension OutboxItem {
    /// The offer of a held booking on each channel, worthless once the hold
    /// ends (its deadline), and the `offer_expired` job at that instant.
    static func waitlistOffer(_ held: BookingRecord, expires: Date, channels: [Channel]) -> [OutboxItem] {
        hold(held, message: .waitlistOffer, expires: expires, channels: channels)
    }

    /// A flood-mode hold: its confirmation link by email (whatever the consent
    /// boxes say: it is the booking's only way to exist), worthless once the hold
    /// ends, and the `offer_expired` job that releases an unconfirmed hold then.
    static func publicHold(_ held: BookingRecord, expires: Date) -> [OutboxItem] {
        hold(held, message: .bookingHold, expires: expires, channels: [.email])
    }

    private static func hold(_ held: BookingRecord, message: MessageKind, expires: Date, channels: [Channel]) -> [OutboxItem] {
        var items = messages(message, booking: held, channels: channels)
        for index in items.indices { items[index].deadline = expires }
        let expiry = OfferExpiredPayload(bookingID: held.id)
        items.append(OutboxItem(.offerExpired(expiry), businessID: held.businessID, runAt: expires, dedupeKey: expiry.dedupeKey))
        return items
    }

    /// Under `notify_all` there is no booking to name: the message names the
    /// entry, the provider and the start, and the customer books it through the
    /// normal path. Deduplicated per entry, provider, start and channel, so a
    /// retried release does not tell anyone twice; worthless once the time starts.
    static func waitlistNotices(entry: UUID, freed: WaitlistOffers.FreedTime, start: Date, channels: [Channel]) -> [OutboxItem] {
        channels.map { channel in
            let payload = WaitlistNoticePayload(waitlistEntryID: entry, providerID: freed.provider, start: start, channel: channel)
            return OutboxItem(.waitlistNotice(payload), businessID: freed.business, deadline: start, dedupeKey: payload.dedupeKey)
        }
    }
}
