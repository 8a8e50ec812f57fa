/// Why a recipient is suppressed: the values the `suppressions.reason` check allows.
public enum SuppressionReason: String, Sendable, CaseIterable {
    case hardBounce = "hard_bounce"
    case invalidNumber = "invalid_number"
    case optedOut = "opted_out"
    case notMobile = "not_mobile"
    case complaint
    case manual

    /// The reason a Twilio error code proves about a number, or nil when the
    /// code says nothing permanent about the recipient.
    ///
    /// 21211 and 30005 (invalid / unknown handset) and 21614 / 30006 (not a
    /// mobile, landline or unreachable carrier) will fail again for every
    /// message; 21610 means the recipient replied STOP to the provider itself.
    public init?(twilioErrorCode code: String) {
        switch code {
        case "21211", "30005": self = .invalidNumber
        case "21614", "30006": self = .notMobile
        case "21610": self = .optedOut
        default: return nil
        }
    }
}
