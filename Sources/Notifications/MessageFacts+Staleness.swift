import Booking
import Vocabulary

extension MessageFacts {
    /// Why a message of `kind` about `version` must not go out any more, or nil.
    ///
    /// A confirmation or reminder is about a live booking at one version: once
    /// the booking is cancelled or moved (version + 1) it is void. A
    /// cancellation notice is about the cancelled booking itself. A waitlist
    /// offer is about a hold at one version (accepted or released, it is void);
    /// its expiry notice is about the released hold.
    func staleness(kind: MessageKind, version expected: Int) -> String? {
        if businessDisabled { return "the business is disabled" }
        guard let status else { return nil }
        switch kind {
        case .bookingCancelled, .waitlistOfferExpired:
            return status == .cancelled ? nil : "the booking is not cancelled"
        case .bookingHold:
            if status != .held { return "the booking is no longer waiting for its confirmation (it is \(status.rawValue))" }
            return version == expected ? nil : "the hold changed (version \(version), message was for version \(expected))"
        case .waitlistOffer:
            if status != .held { return "the offer is no longer open (the booking is \(status.rawValue))" }
            return version == expected ? nil : "the offer changed (version \(version), message was for version \(expected))"
        case .bookingConfirmed, .bookingRescheduled, .reminder:
            if status != .confirmed { return "the booking is \(status.rawValue)" }
            if version != expected { return "the booking changed (version \(version), message was for version \(expected))" }
            return nil
        }
    }
}
