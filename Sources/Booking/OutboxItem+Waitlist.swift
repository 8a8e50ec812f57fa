import Foundation

extension OutboxItem {
    /// The offer of a held booking on each channel, worthless once the hold
    /// ends (its deadline), and the `offer_expired` job at that instant. The
    /// expiry is deduplicated per booking: one hold, one expiry.
    static func waitlistOffer(_ held: BookingRecord, expires: Date, channels: [String]) -> [OutboxItem] {
        var items = messages("waitlist_offer", booking: held, channels: channels)
        for index in items.indices { items[index].deadline = expires }
        let id = held.id.uuidString.lowercased()
        items.append(OutboxItem(queue: "default", kind: .offerExpired, businessID: held.businessID, payload: ["booking_id": id],
                                runAt: expires, dedupeKey: "offer_expired:\(id)"))
        return items
    }

    /// A flood-mode hold: its confirmation link by email (whatever the consent
    /// boxes say: it is the booking's only way to exist), worthless once the hold
    /// ends, and the `offer_expired` job that releases an unconfirmed hold then.
    static func publicHold(_ held: BookingRecord, expires: Date) -> [OutboxItem] {
        var items = messages("booking_hold", booking: held, channels: ["email"])
        for index in items.indices { items[index].deadline = expires }
        let id = held.id.uuidString.lowercased()
        items.append(OutboxItem(queue: "default", kind: .offerExpired, businessID: held.businessID, payload: ["booking_id": id],
                                runAt: expires, dedupeKey: "offer_expired:\(id)"))
        return items
    }

    /// Under `notify_all` there is no booking to name: the message names the
    /// entry, the provider and the start, and the customer books it through the
    /// normal path. Deduplicated per entry, provider, start and channel, so a
    /// retried release does not tell anyone twice; worthless once the time starts.
    static func waitlistNotices(entry: UUID, freed: WaitlistOffers.FreedTime, start: Date, channels: [String]) -> [OutboxItem] {
        let entryID = entry.uuidString.lowercased(), provider = freed.provider.uuidString.lowercased()
        let instant = start.formatted(.iso8601)
        return channels.map { channel in
            OutboxItem(
                queue: channel, kind: .sendMessage, businessID: freed.business,
                payload: ["waitlist_entry_id": entryID, "provider_id": provider, "start": instant,
                          "message": "waitlist_offer", "channel": channel],
                deadline: start,
                dedupeKey: "waitlist_notice:\(entryID):\(provider):\(instant):\(channel)")
        }
    }
}
