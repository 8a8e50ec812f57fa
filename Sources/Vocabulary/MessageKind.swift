/// The messages BookNow sends; the raw values are the names used in job
/// payloads, template file names and the `message_templates` table.
public enum MessageKind: String, Sendable, Hashable, CaseIterable, Codable {
    case bookingConfirmed = "booking_confirmed"
    /// One kind for every reminder offset; the lead time is a variable.
    case reminder
    case bookingCancelled = "booking_cancelled"
    case bookingRescheduled = "booking_rescheduled"
    case waitlistOffer = "waitlist_offer"
    case waitlistOfferExpired = "waitlist_offer_expired"
    /// A flood-mode hold's confirmation link: the booking exists only once the customer confirms.
    case bookingHold = "booking_hold"
}
