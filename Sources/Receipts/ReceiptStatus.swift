/// What a provider says happened to a message: the values `message_receipts.status` allows.
///
/// Twilio's `MessageStatus` values map one to one; email events map
/// `delivered`, `bounce` and `complaint`. A status a provider adds later is
/// recorded as `other` with the provider's word kept in the receipt's detail,
/// rather than refused: refusing would lose the callback.
public enum ReceiptStatus: String, Sendable, CaseIterable, Codable {
    case queued, accepted, scheduled, sending, sent, delivered, read
    case undelivered, failed, canceled, bounced, complained, other

    /// Twilio's `MessageStatus` (or the older `SmsStatus`) spelling.
    public init(twilio text: String) {
        self = ReceiptStatus(rawValue: text.lowercased()).flatMap { $0 == .bounced || $0 == .complained ? nil : $0 } ?? .other
    }

    /// Whether the recipient got the message (the "on time" figure counts these).
    public var isDelivered: Bool { self == .delivered || self == .read }
}
